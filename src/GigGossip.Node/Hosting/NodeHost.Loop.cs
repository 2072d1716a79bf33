using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Pow;
using GigGossip.Protocol.Settlement;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace GigGossip.Node.Hosting;

/// <summary>The mailbox: only its loop touches the engine; every input is handled, saved, then its effects carried out.</summary>
public sealed partial class NodeHost
{
    private async Task RunMailboxAsync()
    {
        await foreach (var work in _mailbox.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                work();
            }
            catch (Exception e)
            {
                _log.LogError(e, "node {Id}: a mailbox item failed", Id);
            }
        }
    }

    /// <summary>Queues an input for the engine; dropped once the node is stopping.</summary>
    private void Post(INodeInput input) => _mailbox.Writer.TryWrite(() => Handle(input));

    private Task<T> OnLoopAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        var answer = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _mailbox.Writer.TryWrite(() =>
        {
            try { answer.TrySetResult(work()); }
            catch (Exception e) { answer.TrySetException(e); }
        });
        if (!queued) answer.TrySetException(new ObjectDisposedException(nameof(NodeHost), "the node has stopped"));
        return answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Handles one input: the engine decides, the money state is saved when the engine says it may have changed, then the effects are carried out.</summary>
    private IReadOnlyList<EngineEffect> Handle(INodeInput input)
    {
        IReadOnlyList<EngineEffect> effects;
        try
        {
            effects = _engine.Handle(input, NowMs);
        }
        catch (Exception e)
        {
            _log.LogError(e, "node {Id}: the engine failed on {Input}", Id, input.GetType().Name);
            return [];
        }
        if (_engine.MoneyStateChanged) Persist();
        foreach (var effect in effects) Execute(effect);
        return effects;
    }

    private void Persist()
    {
        try
        {
            _store.Save(_engine.ExportMoneyState());
        }
        catch (SqliteException e)
        {
            _log.LogCritical(e, "node {Id}: the money state could not be saved; a restart now may lose track of payments", Id);
        }
    }

    /// <summary>
    /// Restores saved money state before anything else reaches the engine (nothing is queued yet), then lets the
    /// mailbox carry out what the engine asks to resume.
    /// </summary>
    /// <exception cref="NodeStartException">The saved state does not import.</exception>
    private void Restore(NodeMoneyState saved)
    {
        IReadOnlyList<EngineEffect> effects;
        try
        {
            effects = _engine.ImportMoneyState(saved, NowMs);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new NodeStartException($"the saved state in {_options.StatePath} cannot be restored: {e.Message}", e);
        }
        if (!saved.IsEmpty)
            _log.LogInformation("node {Id} restored {Routes} routes, {Sent} paid offers and {Taken} taken jobs", Id, saved.Routes.Count, saved.SenderJobs.Count, saved.ReplierJobs.Count);
        _mailbox.Writer.TryWrite(() =>
        {
            foreach (var effect in effects) Execute(effect);
        });
    }

    private void Execute(EngineEffect effect)
    {
        _options.EffectObserver?.Invoke(effect);
        switch (effect)
        {
            case SendFrame send: Send(send); break;
            case SolvePow pow: InBackground(() => SolveAsync(pow), "proof of work"); break;
            case CallSettler call: InBackground(() => CallSettlerAsync(call), "settler call"); break;
            case SetNodeTimer timer: _timers.Set(timer.Timer, TimeSpan.FromMilliseconds(timer.AtUnixMs - NowMs)); break;
            case EmitEvent emitted: Emit(emitted.Event); break;
            case DropPeer: break; // the peer's read loop closes the connection
            case CreateInvoice or PayInvoice or SettleInvoice or CancelInvoice: QueueWalletEffect(effect); break;
            default: _log.LogError("node {Id}: a node cannot carry out {Effect}", Id, effect.GetType().Name); break;
        }
    }

    private void Emit(NodeEvent nodeEvent)
    {
        var recorded = Events.Append(nodeEvent, _time.GetUtcNow());
        Jobs.Observe(nodeEvent, recorded.At.ToUnixTimeMilliseconds(), () => _engine.ExportMoneyState().ReplierJobs);
        PersistJobs();
        LogEvent(nodeEvent);
    }

    /// <summary>Saves what the last event changed in the job book (losing it loses only what `jobs` shows, not money).</summary>
    private void PersistJobs()
    {
        var (changed, removed) = Jobs.TakeChanges();
        try
        {
            _store.SaveJobs(changed, removed);
        }
        catch (SqliteException e)
        {
            _log.LogError(e, "node {Id}: the job book could not be saved; `giggossip jobs` may miss this change after a restart", Id);
        }
    }

    private void InBackground(Func<Task> work, string what) => _ = Task.Run(async () =>
    {
        try
        {
            await work().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            _log.LogError(e, "node {Id}: {What} failed", Id, what);
        }
    });

    /// <summary>Solves on the thread pool thread <see cref="InBackground"/> runs it on; the proof's timestamp is when solving started.</summary>
    private Task SolveAsync(SolvePow pow)
    {
        var startedAt = NowMs;
        var unit = new PowWorkUnit(pow.PayloadDigest, pow.Middleman, startedAt);
        var nonce = PowSolver.Solve(unit, pow.Target, _options.PowThreads, _stop.Token);
        Post(new PowSolved(pow.AskId, startedAt, nonce));
        return Task.CompletedTask;
    }

    /// <summary>Calls the settler; an unreachable one is answered as "not yet", so the engine asks again where it polls.</summary>
    private async Task CallSettlerAsync(CallSettler call)
    {
        SettlerResponse response;
        try
        {
            response = _options.Settlers(call.SettlerUri) is { } settler
                ? await settler.CallAsync(call.Request, _stop.Token).ConfigureAwait(false)
                : new SettlerRefused(SettlerRefusal.Unknown, $"no client for settler {call.SettlerUri}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
        {
            var message = $"settler {call.SettlerUri} did not answer {call.Request.GetType().Name}: {e.Message}";
            _mailbox.Writer.TryWrite(() => Emit(new NodeWarning(message)));
            response = new SettlerRefused(SettlerRefusal.NotYet, message);
        }
        if (response is SettlementPromiseIssued promise) _downstreamCltv.Learn(promise.SettlerNetworkInvoice);
        Post(new SettlerReplied(call.CorrelationId, response));
    }
}
