using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Storage;
using GigGossip.Http;
using Microsoft.Extensions.Logging;

namespace GigGossip.Settler.Host;

/// <summary>
/// A shared settler's wallet side: settles and cancels after the decision is committed, each guarded by a saved timer
/// until it went through; its own network invoices' states (every process watches the same wallet account, and each
/// state is news to the job once at most).
/// </summary>
internal sealed partial class SharedSettler
{
    private const string GuardPrefix = "retry:";
    private readonly InvoiceStateTracker _tracker = new();
    private Task _walletPump = Task.CompletedTask;

    /// <summary>
    /// For each settle or cancel, the engine's own retry timer a little later: saved with the decision, it makes the wallet
    /// call again (settling or cancelling twice is harmless) if this process dies before the call went through.
    /// </summary>
    private IEnumerable<StoredTimer> WalletCallGuards(IReadOnlyList<EngineEffect> effects, long now)
    {
        var at = now + (long)_options.WalletCallGuard.TotalMilliseconds;
        foreach (var effect in effects)
            switch (effect)
            {
                case SettleInvoice settle: yield return new StoredTimer(GuardPrefix + Convert.ToHexStringLower(settle.PaymentHash), at); break;
                case CancelInvoice cancel: yield return new StoredTimer(GuardPrefix + Convert.ToHexStringLower(cancel.PaymentHash), at); break;
            }
    }

    private void Execute(EngineEffect effect, IReadOnlyList<StoredTimer> guards)
    {
        switch (effect)
        {
            case SetTimer timer: Arm(timer.TimerId, timer.AtUnixMs); break;
            case SettleInvoice settle:
                Background(() => InvoiceCallAsync(settle.PaymentHash, true, Guard(guards, settle.PaymentHash),
                    () => _wallet.SettleAsync(PaymentHash.FromBytes(settle.PaymentHash), Preimage.FromBytes(settle.Preimage), Stopping)));
                break;
            case CancelInvoice cancel:
                Background(() => InvoiceCallAsync(cancel.PaymentHash, false, Guard(guards, cancel.PaymentHash),
                    () => _wallet.CancelAsync(PaymentHash.FromBytes(cancel.PaymentHash), Stopping)));
                break;
        }
    }

    private static StoredTimer? Guard(IReadOnlyList<StoredTimer> guards, byte[] paymentHash) =>
        guards.FirstOrDefault(g => g.Id == GuardPrefix + Convert.ToHexStringLower(paymentHash));

    /// <summary>
    /// Settles or cancels the network invoice; done already counts as done (another process, or this one before a crash,
    /// made the call). A call that does not go through goes back to the engine (<see cref="InvoiceCallFailed"/>), which
    /// retries with back-off. Afterwards the invoice is looked up, so the job learns it Settled even if the event was missed;
    /// then the guard timer is dropped.
    /// </summary>
    private async Task InvoiceCallAsync(byte[] paymentHash, bool settle, StoredTimer? guard, Func<Task> call)
    {
        var hash = PaymentHash.FromBytes(paymentHash);
        try
        {
            await call();
        }
        catch (WalletException e) when (e.Error is WalletError.AlreadySettled or WalletError.AlreadyCancelled
                                        || (!settle && e.Error == WalletError.UnknownInvoice))
        {
            _log.LogInformation("network invoice {Hash} was already {State}", hash.ToHex(), e.Error);
        }
        catch (WalletException e)
        {
            _log.LogWarning("wallet did not {What} network invoice {Hash}: {Error} {Message}; the settler tries again later", settle ? "settle" : "cancel", hash.ToHex(), e.Error, HttpInput.OneLine(e.Message));
            await HandleAsync(new InvoiceCallFailed(paymentHash, settle, $"{e.Error}: {e.Message}"), Stopping);
            return;
        }
        if (await _wallet.GetInvoiceAsync(hash, Stopping) is { } invoice) await OnIssuedInvoiceAsync(invoice);
        if (guard is not null) await _db.DropTimerAsync(guard.Id, guard.AtUnixMs, Stopping);
    }

    private async Task PumpWalletEventsAsync()
    {
        var backoff = new RetryBackoff(_options.WalletRetryDelay, _options.WalletRetryLongest);
        while (!Stopping.IsCancellationRequested)
        {
            var delay = _options.WalletRetryDelay;
            try
            {
                var events = _wallet.WatchAsync(Stopping);
                Background(ResyncAsync);
                await foreach (var walletEvent in events.WithCancellation(Stopping))
                {
                    backoff.Reset();
                    if (walletEvent is InvoiceUpdated { Invoice: var invoice } && invoice.Issuer == _wallet.AccountId) await OnIssuedInvoiceAsync(invoice);
                }
            }
            catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
            {
                return;
            }
            catch (WalletException e)
            {
                delay = backoff.Next();
                _log.LogWarning("wallet event stream broke ({Message}); retry {Attempt} in {Delay:0.#} s", HttpInput.OneLine(e.Message), backoff.Attempt, delay.TotalSeconds);
            }
            catch (Exception e) when (e is SettlerStoreException or Npgsql.NpgsqlException)
            {
                _log.LogWarning("settler database: {Message}; the wallet events are read again", e.Message);
            }
            await Task.Delay(delay, _options.Time, Stopping);
        }
    }

    /// <summary>Looks up the network invoice of every job whose money may still be held (after the event stream (re)opened).</summary>
    private async Task ResyncAsync()
    {
        foreach (var hash in await _db.HeldJobsAsync(Stopping))
            if (await _wallet.GetInvoiceAsync(PaymentHash.FromBytes(hash), Stopping) is { } invoice) await OnIssuedInvoiceAsync(invoice);
    }

    private async Task OnIssuedInvoiceAsync(HodlInvoice invoice)
    {
        bool news;
        lock (_tracker) news = _tracker.IsNews("issued:" + invoice.PaymentHash.ToHex(), invoice.State);
        if (!news) return;
        try
        {
            await HandleAsync(EngineWalletStates.Issued(invoice), Stopping);
        }
        catch
        {
            lock (_tracker) _tracker.Forget("issued:" + invoice.PaymentHash.ToHex());
            throw;
        }
    }

    private void Background(Func<Task> work) => WalletWork.Background(work, Stopping, _log);
}
