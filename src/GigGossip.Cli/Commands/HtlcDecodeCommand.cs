using System.CommandLine;
using GigGossip.Htlc.Tool;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip htlc decode`: a transaction as JSON, with HTLC claims and refunds named.</summary>
internal static class HtlcDecodeCommand
{
    public static Command Build()
    {
        var tx = HtlcCommand.Text("--tx", "Transaction hex");
        var network = HtlcCommand.Text("--network", "Network for output addresses (default mainnet)");
        var command = new Command("decode", "Decode a transaction as JSON, naming HTLC claims and refunds") { tx, network };
        command.SetAction(parse => HtlcCommand.Run(parse, (output, _) =>
            output.WriteLine(HtlcTool.Decode(parse.GetValue(tx), parse.GetValue(network)))));
        return command;
    }
}
