using GigGossip.Hosting;
using System.CommandLine;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Chain;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Tool;
using GigGossip.Htlc.Wallet;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip htlc wallet status|invoice|pay|report|settle|cancel`: the on-chain HODL wallet on a SQLite file against
/// your own Bitcoin Core (with -txindex). Every command first syncs with the chain and prints what changed.
/// </summary>
internal static class HtlcWalletCommand
{
    private static readonly Option<string> Db = HtlcCommand.Text("--db", "Wallet file (SQLite), created on first use");
    private static readonly Option<string> Rpc = HtlcCommand.Text("--rpc", $"Bitcoin Core RPC URL (default {HtlcWalletTool.DefaultRpc})");
    private static readonly Option<string> RpcCookie = HtlcCommand.Text("--rpc-cookie", "Bitcoin Core's .cookie file");
    private static readonly Option<string> RpcUser = HtlcCommand.Text("--rpc-user", "rpcuser (with --rpc-password)");
    private static readonly Option<string> RpcPassword = HtlcCommand.Text("--rpc-password", "rpcpassword");
    private static readonly Option<string> Network = HtlcCommand.Text("--network", "regtest (default), testnet or mainnet");
    private static readonly Option<string> Key = HtlcCommand.Text("--key", "Key file of the wallet (a new wallet generates its key when absent)");
    private static readonly Option<string> Confirmations = HtlcCommand.Text("--confirmations", "Depth at which a funding is accepted (default 3)");
    private static readonly Option<string> Hash = HtlcCommand.Text("--payment-hash", "Payment hash, 64 hex digits");

    public static Command Build()
    {
        var command = new Command("wallet", "On-chain HODL invoices and payments over HTLCs, against your Bitcoin Core node");
        command.Add(Sub("status", "Sync with the chain; print address, balance and scanned height", [], (_, _, _) => Task.CompletedTask));

        var amount = HtlcCommand.Text("--amount-sat", "Amount in satoshis");
        var description = HtlcCommand.Text("--description", "Invoice description");
        command.Add(Sub("invoice", "Issue an Open HODL invoice on a payment hash; print its BOLT 11", [Hash, amount, description], async (parse, wallet, output) =>
        {
            var sats = HtlcArguments.Sats(HtlcArguments.Required(parse.GetValue(amount), "--amount-sat"), "--amount-sat");
            var invoice = await wallet.CreateInvoiceAsync(new HodlInvoiceRequest(HashOf(parse), sats * 1000, parse.GetValue(description) ?? ""));
            output.WriteLine($"bolt11: {invoice.Bolt11}");
        }));

        var bolt11 = HtlcCommand.Text("--invoice", "BOLT 11 invoice to pay");
        var locktime = HtlcCommand.Text("--locktime", "Contract locktime (block height); default: the tip plus the invoice's min_final_cltv_expiry_delta");
        command.Add(Sub("pay", "Fund the invoice's contract; print the notice for the issuer and the funding transaction", [bolt11, locktime], async (parse, wallet, output) =>
        {
            var text = HtlcArguments.Required(parse.GetValue(bolt11), "--invoice");
            var payment = parse.GetValue(locktime) is { } l
                ? await wallet.PayWithLocktimeAsync(text, HtlcArguments.UInt(l, "--locktime"))
                : await wallet.PayAsync(text);
            output.WriteLine($"notice: {(await wallet.GetFundingNoticeAsync(payment.PaymentHash)).Encode()}");
            output.WriteLine($"funding_tx: {(await wallet.ExportTransactionsAsync(payment.PaymentHash))[0]}");
        }));

        var notice = HtlcCommand.Text("--notice", "The payer's htlc-funding:... notice");
        command.Add(Sub("report", "Take a payer's funding notice for one of this wallet's invoices", [notice], async (parse, wallet, output) =>
        {
            var invoice = await wallet.ReportFundingAsync(HtlcFundingNotice.Parse(HtlcArguments.Required(parse.GetValue(notice), "--notice")));
            output.WriteLine($"invoice {invoice.PaymentHash}: {invoice.State}");
        }));

        var preimage = HtlcCommand.Text("--preimage", "Preimage, 64 hex digits");
        command.Add(Sub("settle", "Claim an Accepted invoice's contract with the preimage", [Hash, preimage], async (parse, wallet, output) =>
        {
            var invoice = await wallet.SettleAsync(HashOf(parse), Preimage.FromHex(HtlcArguments.Required(parse.GetValue(preimage), "--preimage")));
            output.WriteLine($"invoice {invoice.PaymentHash}: {invoice.State}");
        }));
        command.Add(Sub("cancel", "Cancel an invoice: it is never claimed, the payer refunds at the locktime", [Hash], async (parse, wallet, output) =>
        {
            var invoice = await wallet.CancelAsync(HashOf(parse));
            output.WriteLine($"invoice {invoice.PaymentHash}: {invoice.State}");
        }));
        return command;
    }

    private static PaymentHash HashOf(ParseResult parse) => PaymentHash.FromHex(HtlcArguments.Required(parse.GetValue(Hash), "--payment-hash"));

    private static Command Sub(string name, string description, Option[] options, Func<ParseResult, HtlcHodlWallet, TextWriter, Task> action)
    {
        var command = new Command(name, description);
        foreach (var option in (Option[])[Db, Rpc, RpcCookie, RpcUser, RpcPassword, Network, Key, Confirmations, .. options]) command.Add(option);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
                using var wallet = await HtlcWalletTool.OpenAsync(new HtlcWalletRequest
                {
                    Db = parse.GetValue(Db), Rpc = parse.GetValue(Rpc), RpcCookie = parse.GetValue(RpcCookie), RpcUser = parse.GetValue(RpcUser),
                    RpcPassword = parse.GetValue(RpcPassword), Network = parse.GetValue(Network), KeyFile = parse.GetValue(Key),
                    Confirmations = parse.GetValue(Confirmations),
                }, http, TimeProvider.System, cancellationToken);
                foreach (var walletEvent in await wallet.SyncAsync(cancellationToken)) output.WriteLine(HtlcWalletTool.Describe(walletEvent));
                await action(parse, wallet, output);
                output.WriteLine($"address: {wallet.Address}");
                output.WriteLine($"balance_sat: {await wallet.GetBalanceAsync(cancellationToken) / 1000}");
                output.WriteLine($"scanned_height: {wallet.ScannedHeight}");
                return 0;
            }
            catch (Exception e) when (e is HtlcException or BitcoinFormatException or WalletException or ChainSourceException or HtlcWalletFileException or ArgumentException)
            {
                error.WriteLine($"error: {e.Message}");
                return HtlcCommand.BadInput;
            }
        });
        return command;
    }
}
