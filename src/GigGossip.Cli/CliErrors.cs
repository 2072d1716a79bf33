using System.CommandLine;

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
}
