using System.CommandLine;
using GigGossip.Cli.Config;
using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Client;
using GigGossip.Settler.Storage;

namespace GigGossip.Cli.Commands;

/// <summary>What the wallet and settler commands share: options, and errors as one line with exit code 2.</summary>
internal static class ServiceCommands
{
    public static Option<string> Required(string name, string description) => new(name) { Description = description, Required = true };

    public static Task<int> RunAsync(ParseResult parse, Func<TextWriter, Task> action) => RunAsync(parse, async output =>
    {
        await action(output);
        return 0;
    });

    public static async Task<int> RunAsync(ParseResult parse, Func<TextWriter, Task<int>> action)
    {
        try
        {
            return await action(parse.InvocationConfiguration.Output);
        }
        catch (Exception e) when (e is UsageException or ConfigException or KeyFileException or CryptoException or LedgerFileException or SettlerStoreException
            or SettlerServiceException or SettlerUnreachableException or SettlerException or WalletException or IOException)
        {
            return CliErrors.Fail(parse, e.Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>Runs until Ctrl-C or SIGTERM.</summary>
    public static async Task ServeUntilStoppedAsync(Func<CancellationToken, Task> waitForShutdown, CancellationToken cancellationToken)
    {
        try
        {
            await waitForShutdown(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
