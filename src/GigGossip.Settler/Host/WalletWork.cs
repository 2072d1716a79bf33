using GigGossip.Payments;
using GigGossip.Http;
using Microsoft.Extensions.Logging;

namespace GigGossip.Settler.Host;

/// <summary>
/// Wallet I/O a settler runs off its caller's path (the single-process loop or the shared settler's request): failures are
/// logged, never thrown, since the wallet event pump, the guard timers and the next resync make up for them.
/// </summary>
internal static class WalletWork
{
    public static void Background(Func<Task> work, CancellationToken stopping, ILogger log) => _ = Task.Run(async () =>
    {
        try
        {
            await work();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (WalletException e) when (e.Error == WalletError.Unreachable)
        {
            // The event pump reports the outage, once per retry; work that met it has nothing to add.
            log.LogDebug("settler wallet work met an unreachable wallet: {Message}", e.Message);
        }
        catch (WalletException e)
        {
            log.LogWarning("settler wallet work refused: {Error} {Message}", e.Error, HttpInput.OneLine(e.Message));
        }
        catch (Exception e)
        {
            log.LogError(e, "settler wallet work failed");
        }
    });
}
