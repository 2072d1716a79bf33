using System.CommandLine;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Contract;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip htlc`: on-chain HODL contracts as Bitcoin HTLCs (P2WSH).</summary>
public static class HtlcCommand
{
    /// <summary>Exit code for input the command cannot use.</summary>
    public const int BadInput = 2;

    public static Command Build()
    {
        var command = new Command("htlc", "On-chain HODL contracts: Bitcoin HTLC address, claim, refund, decode, key and the wallet");
        command.Add(HtlcAddressCommand.Build());
        command.Add(HtlcClaimCommand.Build());
        command.Add(HtlcRefundCommand.Build());
        command.Add(HtlcDecodeCommand.Build());
        command.Add(HtlcKeyCommand.Build());
        command.Add(HtlcWalletCommand.Build());
        return command;
    }

    /// <summary>Runs an action; bad input becomes one "error: ..." line on stderr and exit code 2.</summary>
    internal static int Run(ParseResult parse, Action<TextWriter, TextWriter> action)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        try
        {
            action(output, error);
            return 0;
        }
        catch (Exception e) when (e is HtlcException or BitcoinFormatException)
        {
            error.WriteLine($"error: {e.Message}");
            return BadInput;
        }
    }

    internal static Option<string> Text(string name, string description) => new(name) { Description = description };
}
