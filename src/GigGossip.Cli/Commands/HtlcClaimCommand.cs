using System.CommandLine;
using GigGossip.Htlc.Tool;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip htlc claim`: the payee's spend with the preimage.</summary>
internal static class HtlcClaimCommand
{
    public static Command Build()
    {
        var options = new HtlcSpendOptions();
        var preimage = HtlcCommand.Text("--preimage", "The preimage whose SHA-256 is the payment hash (hex)");
        var command = new Command("claim", "Sign the payee's claim of an HTLC output with the preimage; prints the transaction hex");
        foreach (var option in options.All) command.Add(option);
        command.Add(preimage);
        command.SetAction(parse => HtlcCommand.Run(parse, (output, error) =>
            HtlcSpendOptions.Print(HtlcTool.Claim(options.Read(parse) with { Preimage = parse.GetValue(preimage) }), output, error)));
        return command;
    }
}
