using GigGossip.Protocol.Engine;
using Microsoft.Extensions.Logging;

namespace GigGossip.Settler.Host;

/// <summary>
/// Timers of a shared settler: saved with the decision that sets them, armed on this process's clock when set here, and
/// found by every process's poll when due (so a timer set by a process that died still fires). Whoever gets there first
/// fires it; the others find it gone (see <see cref="SharedSettlerDatabase.ClaimTimerAsync"/>).
/// </summary>
internal sealed partial class SharedSettler
{
    private const int TimersPerPoll = 200;
    private readonly Dictionary<string, ITimer> _armed = [];
    private ITimer? _poll;
    private int _polling;

    private void Arm(string timerId, long atUnixMs)
    {
        var due = TimeSpan.FromMilliseconds(Math.Max(0, atUnixMs - NowMs));
        lock (_armed)
        {
            if (Stopping.IsCancellationRequested) return;
            if (_armed.Remove(timerId, out var previous)) previous.Dispose();
            _armed[timerId] = _options.Time.CreateTimer(_ =>
            {
                lock (_armed)
                    if (_armed.Remove(timerId, out var fired)) fired.Dispose();
                _ = FireAsync(timerId);
            }, null, due, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Fires the timers due now, whoever set them; one poll at a time in this process.</summary>
    private async Task PollTimersAsync()
    {
        if (Interlocked.Exchange(ref _polling, 1) == 1) return;
        try
        {
            await PruneAsync();
            foreach (var id in await _db.DueTimersAsync(NowMs, TimersPerPoll, Stopping)) await FireAsync(id);
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _log.LogWarning("settler timer poll failed: {Message}", e.Message);
        }
        finally
        {
            Volatile.Write(ref _polling, 0);
            Polled();
        }
    }

    private async Task FireAsync(string timerId)
    {
        try
        {
            await HandleAsync(new TimerFired(timerId), Stopping);
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _log.LogWarning("settler timer {Timer} failed ({Message}); the next poll fires it", timerId, e.Message);
        }
    }

    /// <summary>Makes a timer due now and fires it (the lock timer of a promise whose network invoice could not be made).</summary>
    private async Task FireEarlyAsync(string timerId, CancellationToken cancellationToken)
    {
        await _db.MakeDueAsync(timerId, NowMs, cancellationToken);
        await FireAsync(timerId);
    }
}
