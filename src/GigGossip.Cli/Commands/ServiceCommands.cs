using GigGossip.Hosting;
using System.CommandLine;
using GigGossip.Cli.Config;
using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Client;
using GigGossip.Settler.Storage;

namespace GigGossip.Cli.Commands;

/// <summary>
/// What the wallet and settler commands share: options, and errors as one line: exit 2 for what the command line or a
/// local file gets wrong (and a service's 400: the request it was given cannot be used), exit 1 for a service that
/// cannot be reached or refuses for another reason (wrong admin token, unknown serial, conflict).
/// </summary>
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
        catch (Exception e) when (ServiceFailed(e))
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {e.Message.ReplaceLineEndings(" ")}");
            return ServiceFailure;
        }
        catch (Exception e) when (e is UsageException or ServiceConfigException or KeyFileException or CryptoException or LedgerFileException or SettlerStoreException
            or SettlerServiceException or SettlerUnreachableException or SettlerException or WalletException or IOException)
        {
            return CliErrors.Fail(parse, e.Message.ReplaceLineEndings(" "));
        }
    }

    /// <summary>The exit code of a service that cannot be reached or refuses what it was asked.</summary>
    public const int ServiceFailure = 1;

    private static bool ServiceFailed(Exception e) => e switch
    {
        SettlerUnreachableException => true,
        SettlerServiceException refused => refused.Status != 400,
        WalletException refused => refused.Error is not (WalletError.InvalidAccountId or WalletError.InvalidAmount or WalletError.InvalidArgument),
        _ => false,
    };

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
