using GigGossip.Hosting;
using System.CommandLine;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Cli;

/// <summary>User errors: one line on standard error, exit code 2, never a stack trace.</summary>
public static class CliErrors
{
    public const int UsageExitCode = 2;

    public static int Fail(ParseResult parse, string message)
    {
        parse.InvocationConfiguration.Error.WriteLine($"error: {message}");
        return UsageExitCode;
    }

    /// <summary>Runs <paramref name="action"/>; the exceptions that mean bad user input become a one-line error.</summary>
    public static int Guard(ParseResult parse, Action action)
    {
        try
        {
            action();
            return 0;
        }
        catch (Exception e) when (e is CryptoException or KeyFileException)
        {
            return Fail(parse, e.Message);
        }
    }
}
