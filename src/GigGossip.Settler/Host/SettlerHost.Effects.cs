using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Settlement;
using GigGossip.Http;
using Microsoft.Extensions.Logging;

namespace GigGossip.Settler.Host;

/// <summary>How the host carries out the engine's effects: answers, timers, watches, and invoices on its wallet.</summary>
public sealed partial class SettlerHost
{
    private readonly Dictionary<string, ITimer> _timers = [];

    private void Execute(EngineEffect effect)
    {
        switch (effect)
        {
            case RespondToCall respond: Complete(respond.CallId, respond.Response); break;
            case SetTimer timer: Arm(timer.TimerId, timer.AtUnixMs); break;
            case CreateInvoice create: Background(() => CreateInvoiceAsync(create)); break;
            case SettleInvoice settle: Background(() => InvoiceCallAsync(settle.PaymentHash, true, () => _wallet.SettleAsync(PaymentHash.FromBytes(settle.PaymentHash), Preimage.FromBytes(settle.Preimage), _stopping.Token))); break;
            case CancelInvoice cancel: Background(() => InvoiceCallAsync(cancel.PaymentHash, false, () => _wallet.CancelAsync(PaymentHash.FromBytes(cancel.PaymentHash), _stopping.Token))); break;
            default: _log.LogError("a settler host cannot carry out {Effect}", effect.GetType().Name); break;
        }
    }

    /// <summary>Arms (or re-arms) a timer on the host's clock; when it fires the engine gets <see cref="TimerFired"/> on the loop.</summary>
    private void Arm(string timerId, long atUnixMs)
    {
        if (_timers.Remove(timerId, out var previous)) previous.Dispose();
        var due = TimeSpan.FromMilliseconds(Math.Max(0, atUnixMs - NowMs));
        _timers[timerId] = _options.Time.CreateTimer(_ => Tell(() =>
        {
            if (_timers.Remove(timerId, out var fired)) fired.Dispose();
            return HandleAsync(new TimerFired(timerId));
        }), null, due, Timeout.InfiniteTimeSpan);
    }

    private async Task CreateInvoiceAsync(CreateInvoice create)
    {
        var request = EngineWalletStates.InvoiceRequest(create, NowMs, _options.InvoiceMinFinalCltvExpiryDelta);
        try
        {
            var invoice = await _wallet.CreateInvoiceAsync(request, _stopping.Token);
            Tell(new InvoiceCreated(create.CorrelationId, invoice.Bolt11));
        }
        catch (WalletException e)
        {
            Tell(new InvoiceCreationFailed(create.CorrelationId, e.Message));
        }
    }

    /// <summary>
    /// Settles or cancels the network invoice on the wallet. A call that does not go through (wallet unreachable, or
    /// refused for any reason other than being done already) goes back to the engine as <see cref="InvoiceCallFailed"/>,
    /// which tries again later with back-off: nothing is dropped. Afterwards the invoice is looked up, so the engine
    /// learns it Settled even if the event stream missed it (and only then releases the reply preimage).
    /// </summary>
    private async Task InvoiceCallAsync(byte[] paymentHash, bool settle, Func<Task> call)
    {
        var hash = PaymentHash.FromBytes(paymentHash);
        try
        {
            await call();
        }
        catch (WalletException e) when (e.Error is WalletError.AlreadySettled or WalletError.AlreadyCancelled)
        {
            _log.LogInformation("network invoice {Hash} was already {State}", hash.ToHex(), e.Error);
        }
        catch (WalletException e)
        {
            _log.LogWarning("wallet did not {What} network invoice {Hash}: {Error} {Message}; the settler tries again later", settle ? "settle" : "cancel", hash.ToHex(), e.Error, HttpInput.OneLine(e.Message));
            Tell(new InvoiceCallFailed(paymentHash, settle, $"{e.Error}: {e.Message}"));
            return;
        }
        try
        {
            if (await _wallet.GetInvoiceAsync(hash, _stopping.Token) is { } invoice) Tell(() => OnIssuedInvoice(invoice));
        }
        catch (WalletException e)
        {
            _log.LogInformation("could not look up network invoice {Hash} after the call: {Message}", hash.ToHex(), e.Message);
        }
    }

    /// <summary>
    /// After a restart: a job saved as settled or cancelled whose network invoice the wallet still holds (or still offers)
    /// lost its wallet call to the stop (the change is saved before the call is made); the call is made again.
    /// </summary>
    private void RedoWalletCalls(IEnumerable<SettlerJobRecord> jobs)
    {
        foreach (var job in jobs.Where(j => j.State is SettlerJobState.Settled or SettlerJobState.Settling or SettlerJobState.Cancelled))
        {
            var hash = PaymentHash.FromBytes(job.NetworkPaymentHash);
            var settle = job.State != SettlerJobState.Cancelled;
            Background(() => InvoiceCallAsync(job.NetworkPaymentHash, settle, async () =>
            {
                var invoice = await _wallet.GetInvoiceAsync(hash, _stopping.Token);
                if (settle && invoice is { State: InvoiceState.Accepted })
                    await _wallet.SettleAsync(hash, Preimage.FromBytes(job.NetworkPreimage), _stopping.Token);
                else if (!settle && invoice is { State: InvoiceState.Accepted or InvoiceState.Open })
                    await _wallet.CancelAsync(hash, _stopping.Token);
                else return;
                _log.LogWarning("settler: {What} network invoice {Hash} after a restart", settle ? "settled" : "cancelled", hash.ToHex());
            }));
        }
    }

    private void Background(Func<Task> work) => WalletWork.Background(work, _stopping.Token, _log);
}
