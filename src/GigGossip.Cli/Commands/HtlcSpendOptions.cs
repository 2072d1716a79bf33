using GigGossip.Hosting;
using System.CommandLine;
using GigGossip.Htlc.Tool;

namespace GigGossip.Cli.Commands;

/// <summary>The options claim and refund share: which output, which contract, which key, where to and at what fee.</summary>
internal sealed class HtlcSpendOptions
{
    public Option<string> FundingTx { get; } = HtlcCommand.Text("--funding-tx", "Hex of the transaction that funded the contract (finds the output and amount)");
    public Option<string> Outpoint { get; } = HtlcCommand.Text("--outpoint", "TXID:VOUT of the contract output (with --amount), instead of --funding-tx");
    public Option<string> Amount { get; } = HtlcCommand.Text("--amount", "Satoshis in the contract output");
    public Option<string> Script { get; } = HtlcCommand.Text("--script", "Witness script hex, as `htlc address` printed it");
    public Option<string> Key { get; } = HtlcCommand.Text("--key", "File holding the signing secret key as 64 hex digits");
    public Option<string> To { get; } = HtlcCommand.Text("--to", "Segwit address receiving the coins");
    public Option<string> FeeRate { get; } = HtlcCommand.Text("--fee-rate", "Fee rate in sat/vB");
    public Option<string> Network { get; } = HtlcCommand.Text("--network", "When given, --to must be an address of this network");

    public IEnumerable<Option> All => [FundingTx, Outpoint, Amount, Script, Key, To, FeeRate, Network];

    public HtlcSpendRequest Read(ParseResult parse) => new()
    {
        FundingTx = parse.GetValue(FundingTx),
        Outpoint = parse.GetValue(Outpoint),
        Amount = parse.GetValue(Amount),
        Script = parse.GetValue(Script),
        KeyFile = parse.GetValue(Key),
        To = parse.GetValue(To),
        FeeRate = parse.GetValue(FeeRate),
        Network = parse.GetValue(Network),
    };

    /// <summary>Prints the signed transaction hex on stdout (for sendrawtransaction) and a summary on stderr.</summary>
    public static void Print(HtlcSpendResult result, TextWriter output, TextWriter error)
    {
        output.WriteLine(result.Transaction.ToHex());
        error.WriteLine(result.Summary);
    }
}
