using System.CommandLine;
using GigGossip.Htlc.Tool;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip htlc refund`: the payer's spend once the locktime has passed.</summary>
internal static class HtlcRefundCommand
{
    public static Command Build()
    {
        var options = new HtlcSpendOptions();
        var locktime = HtlcCommand.Text("--locktime", "The transaction's nLockTime (default: the contract's locktime)");
        var now = HtlcCommand.Text("--now", "Current block height (or median time past): refuse a refund that is not valid yet");
        var command = new Command("refund", "Sign the payer's refund of an HTLC output after its locktime; prints the transaction hex");
        foreach (var option in options.All) command.Add(option);
        command.Add(locktime);
        command.Add(now);
        command.SetAction(parse => HtlcCommand.Run(parse, (output, error) =>
            HtlcSpendOptions.Print(HtlcTool.Refund(options.Read(parse) with { Locktime = parse.GetValue(locktime), Now = parse.GetValue(now) }), output, error)));
        return command;
    }
}
