using System.CommandLine;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Tool;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip htlc key`: make a key file, or show the public key of one, for --payee/--payer and --key.</summary>
internal static class HtlcKeyCommand
{
    public static Command Build()
    {
        var key = HtlcCommand.Text("--key", "Existing key file: print its compressed public key");
        var output = HtlcCommand.Text("--out", "New key file to create (owner-only, never overwritten): print its public key");
        var command = new Command("key", "Create an HTLC signing key file or show the public key of one") { key, output };
        command.SetAction(parse => HtlcCommand.Run(parse, (writer, _) =>
            writer.WriteLine($"public_key: {Hex.Of(HtlcTool.Key(parse.GetValue(key), parse.GetValue(output)))}")));
        return command;
    }
}
