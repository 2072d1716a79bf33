namespace GigGossip.Cli.Commands;

/// <summary>A command line the command cannot use (exit code 2).</summary>
internal sealed class UsageException(string message) : Exception(message);
