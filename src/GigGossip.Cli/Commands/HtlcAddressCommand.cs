using System.CommandLine;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Tool;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip htlc address`: the P2WSH address and witness script of a contract.</summary>
internal static class HtlcAddressCommand
{
    public static Command Build()
    {
        var paymentHash = HtlcCommand.Text("--payment-hash", "SHA-256 payment hash, 64 hex digits (the network invoice's)");
        var payee = HtlcCommand.Text("--payee", "Payee's compressed public key (66 hex digits): claims with the preimage");
        var payer = HtlcCommand.Text("--payer", "Payer's compressed public key (66 hex digits): refunds after the locktime");
        var locktime = HtlcCommand.Text("--locktime", "Block height (below 500000000) or unix time from which the payer may refund");
        var network = HtlcCommand.Text("--network", "regtest, testnet or mainnet");
        var now = HtlcCommand.Text("--now", "Current block height (or unix time): refuse a locktime that is not in the future");
        var command = new Command("address", "Print the address to fund and the witness script of an HTLC") { paymentHash, payee, payer, locktime, network, now };
        command.SetAction(parse => HtlcCommand.Run(parse, (output, _) =>
        {
            var (contract, address) = HtlcTool.Address(parse.GetValue(paymentHash), parse.GetValue(payee), parse.GetValue(payer),
                parse.GetValue(locktime), parse.GetValue(network), parse.GetValue(now));
            output.WriteLine($"address: {address}");
            output.WriteLine($"witness_script: {Hex.Of(contract.WitnessScript)}");
            output.WriteLine($"script_pubkey: {Hex.Of(contract.ScriptPubKey)}");
        }));
        return command;
    }
}
