using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Storage;
using Microsoft.Extensions.Logging;

namespace GigGossip.Settler.Host;

/// <summary>
/// Cheat 11 on a shared database: anyone can ask for reply hashes and promises, so the records no money ever reached are
/// forgotten <see cref="SettlerHostOptions.UnusedRecordLifetime"/> after they were made, as the engine does in memory on
/// SQLite: a reply hash no live promise uses, a promise cancelled before any of its money arrived. Each group is pruned
/// under its lock; a record that ever had money held or its key revealed is kept. A promise still waiting for its money
/// when its lifetime is up gets a new one (its lock timer will cancel it), as in the engine.
/// </summary>
internal sealed partial class SharedSettler
{
    private const int PrunedPerPoll = 500;
    private long _nextPruneAtMs;

    /// <summary>Completes after the next poll (timers fired, records pruned) of this process (for tests).</summary>
    public Task WhenPolled()
    {
        lock (_armed) return (_polled ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
    }

    private TaskCompletionSource? _polled;

    private void Polled()
    {
        TaskCompletionSource? polled;
        lock (_armed) (polled, _polled) = (_polled, null);
        polled?.TrySetResult();
    }

    /// <summary>Prunes at most once a minute of the settler's clock, a batch at a time.</summary>
    private async Task PruneAsync()
    {
        var now = NowMs;
        if (now < Volatile.Read(ref _nextPruneAtMs)) return;
        Volatile.Write(ref _nextPruneAtMs, now + 60_000);
        var cutoff = now - (long)_options.UnusedRecordLifetime.TotalMilliseconds;
        foreach (var reply in await _db.PruneCandidatesAsync(cutoff, PrunedPerPoll, Stopping)) await PruneGroupAsync(reply, cutoff);
    }

    private async Task PruneGroupAsync(string reply, long cutoff)
    {
        await using var connection = await _db.OpenAsync(Stopping);
        await using var transaction = await connection.BeginTransactionAsync(Stopping);
        var (group, _) = await _db.LockGroupAsync(transaction, reply, NowMs, Stopping);
        if (group.Replies is not [{ Accepted: false, Released: false } record]) return;
        var made = await _db.MadeAtAsync(transaction, [reply, .. group.Jobs.Select(j => Convert.ToHexStringLower(j.NetworkPaymentHash))], Stopping);
        bool Old(byte[] hash) => made.TryGetValue(Convert.ToHexStringLower(hash), out var at) && at <= cutoff;
        var unpaid = group.Jobs.Where(j => j is { State: SettlerJobState.Cancelled, NetworkAccepted: false, KeyRevealed: false } && Old(j.NetworkPaymentHash)).ToList();
        var forgetReply = unpaid.Count == group.Jobs.Count && Old(record.PaymentHash);
        var waiting = group.Jobs.Where(j => j.State == SettlerJobState.Locking && Old(j.NetworkPaymentHash)).Select(j => j.NetworkPaymentHash).ToList();
        if (waiting.Count > 0) await _db.NoteMadeAsync(transaction, waiting, NowMs, Stopping, again: true);
        if (unpaid.Count == 0 && !forgetReply)
        {
            await transaction.CommitAsync(Stopping);
            return;
        }
        var removed = new SettlerEngineState([], [])
        {
            RemovedJobs = [.. unpaid.Select(j => j.NetworkPaymentHash)],
            RemovedReplies = forgetReply ? [record.PaymentHash] : [],
        };
        await SqlSettlerStore.WriteAsync(transaction, new SettlerChanges { Engine = removed }, Stopping);
        await _db.ForgetAsync(transaction, [.. removed.RemovedJobs.Concat(removed.RemovedReplies).Select(Convert.ToHexStringLower)], Stopping);
        await transaction.CommitAsync(Stopping);
        _log.LogDebug("settler pruned {Jobs} unpaid promises{Reply} of reply {Hash}", unpaid.Count, forgetReply ? " and the reply" : "", reply);
    }
}
