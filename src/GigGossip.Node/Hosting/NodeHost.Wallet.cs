using System.Threading.Channels;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;
using Microsoft.Extensions.Logging;

namespace GigGossip.Node.Hosting;

/// <summary>
/// The wallet side: invoice effects run one at a time in order, the wallet's events come back as inputs, and
/// after every (re)subscription the pending invoices and payments are looked up, since they may have moved
/// while the node was down or the event stream was broken.
/// </summary>
public sealed partial class NodeHost
{
    private static readonly TimeSpan WalletDrainGrace = TimeSpan.FromSeconds(10);

    private readonly Channel<EngineEffect> _walletQueue = Channel.CreateUnbounded<EngineEffect>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _walletStop = new();
    private readonly Task _walletQueueLoop;

    private void QueueWalletEffect(EngineEffect effect) => _walletQueue.Writer.TryWrite(effect);

    private async Task DrainWalletQueueAsync()
    {
        await foreach (var effect in _walletQueue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            try
            {
                await UntilReachedAsync(effect, _walletStop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_walletStop.IsCancellationRequested)
            {
                _log.LogWarning("node {Id}: stopped before the wallet carried out {Effect}; the next start picks it up", Id, effect.GetType().Name);
            }
            catch (Exception e)
            {
                _log.LogWarning("node {Id}: the wallet did not carry out {Effect}: {Message}", Id, effect.GetType().Name, e.Message);
                if (effect is CreateInvoice create) Post(new InvoiceCreationFailed(create.CorrelationId, $"wallet unreachable: {e.Message}"));
            }
        }
    }

    /// <summary>
    /// Carries out one effect; a payment, settle or cancel the wallet did not answer is tried again (in order, nothing
    /// after it runs first) until it answers: it may have been done before the wallet died, and then the wallet's
    /// refusal says so (see <see cref="OnPaymentRefusedAsync"/>). An unanswered invoice creation fails at once.
    /// </summary>
    private async Task UntilReachedAsync(EngineEffect effect, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await ExecuteMoneyAsync(effect, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (WalletException e) when (e.Error == WalletError.Unreachable && effect is not CreateInvoice)
            {
                _log.LogWarning("node {Id}: the wallet did not answer {Effect} ({Message}); trying again in {Delay}", Id, effect.GetType().Name, e.Message, _options.WalletRetryDelay);
                await Task.Delay(_options.WalletRetryDelay, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private readonly DownstreamCltvDeltas _downstreamCltv = new();

    /// <summary>The CLTV delta of this node's invoice on the hash: more than its downstream invoice's on a route (when the host sizes routes), else the fixed one.</summary>
    private int InvoiceCltvDeltaFor(byte[] paymentHash) =>
        _options.RouteCltvDelta is { } plan && _downstreamCltv.Of(paymentHash) is { } downstream
            ? Math.Max(_options.InvoiceCltvDelta, plan(downstream))
            : _options.InvoiceCltvDelta;

    private async Task StopWalletQueueAsync()
    {
        _walletQueue.Writer.TryComplete();
        _walletStop.CancelAfter(WalletDrainGrace);
        await Quietly([_walletQueueLoop]).ConfigureAwait(false);
        _walletStop.Dispose();
    }

    private async Task ExecuteMoneyAsync(EngineEffect effect, CancellationToken cancellationToken)
    {
        var wallet = _options.Wallet;
        try
        {
            switch (effect)
            {
                case CreateInvoice create:
                    var request = EngineWalletStates.InvoiceRequest(create, NowMs, InvoiceCltvDeltaFor(create.PaymentHash));
                    var invoice = await wallet.CreateInvoiceAsync(request, cancellationToken).ConfigureAwait(false);
                    Post(new InvoiceCreated(create.CorrelationId, invoice.Bolt11));
                    break;
                case PayInvoice pay:
                    CrashPoint.Reach("node.pay");
                    await wallet.PayAsync(pay.Bolt11, DateTimeOffset.FromUnixTimeMilliseconds(pay.HoldUntilUnixMs), cancellationToken).ConfigureAwait(false);
                    CrashPoint.Reach("node.paid");
                    await SendFundingNoticeAsync(pay.Bolt11, cancellationToken).ConfigureAwait(false);
                    break;
                case SettleInvoice settle:
                    CrashPoint.Reach("node.settle");
                    await wallet.SettleAsync(PaymentHash.FromBytes(settle.PaymentHash), Preimage.FromBytes(settle.Preimage), cancellationToken).ConfigureAwait(false);
                    break;
                case CancelInvoice cancel:
                    await wallet.CancelAsync(PaymentHash.FromBytes(cancel.PaymentHash), cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
        catch (WalletException e) when (e.Error != WalletError.Unreachable || effect is CreateInvoice)
        {
            _log.LogWarning("node {Id}: the wallet refused {Effect}: {Error}: {Message}", Id, effect.GetType().Name, e.Error, e.Message);
            switch (effect)
            {
                case CreateInvoice create: Post(new InvoiceCreationFailed(create.CorrelationId, e.Message)); break;
                case PayInvoice pay: await OnPaymentRefusedAsync(pay, e, cancellationToken).ConfigureAwait(false); break;
            }
        }
    }

    /// <summary>
    /// A refused payment fails, unless this node already has a payment on that hash (paid before a restart):
    /// then its real state is what the engine must see, never a cancel that would make it drop its upstream invoice.
    /// </summary>
    private async Task OnPaymentRefusedAsync(PayInvoice pay, WalletException refusal, CancellationToken cancellationToken)
    {
        var hash = Bolt11Invoice.Decode(pay.Bolt11).PaymentHash;
        if (await _options.Wallet.GetPaymentAsync(hash, cancellationToken).ConfigureAwait(false) is { State: not PaymentState.Failed } existing)
            Post(EngineWalletStates.Paid(existing));
        else
            Post(EngineWalletStates.Refused(hash, refusal.Message));
    }

    /// <summary>Subscribes to the wallet's events, reconciles, then forwards events; re-subscribes when the stream breaks.</summary>
    private async Task WatchWalletAsync()
    {
        var wallet = _options.Wallet;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var events = wallet.WatchAsync(_stop.Token).GetAsyncEnumerator(_stop.Token);
                await using (events.ConfigureAwait(false))
                {
                    await ReconcileAsync(_stop.Token).ConfigureAwait(false);
                    while (await events.MoveNextAsync().ConfigureAwait(false))
                        if (EngineWalletStates.From(events.Current, wallet.AccountId) is INodeInput input) Post(input);
                }
                _log.LogWarning("node {Id}: the wallet's event stream ended; subscribing again", Id);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                _log.LogWarning("node {Id}: the wallet's event stream failed ({Message}); subscribing again in {Delay}", Id, e.Message, _options.WalletRetryDelay);
            }
            await Task.Delay(_options.WalletRetryDelay, _stop.Token).ConfigureAwait(false);
        }
    }

    /// <summary>Feeds the current state of every pending invoice and payment, as the engine's saved state names them.</summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        var state = await QueryAsync(e => e.ExportMoneyState(), cancellationToken).ConfigureAwait(false);
        var wallet = _options.Wallet;
        foreach (var route in state.Routes)
        {
            var hash = PaymentHash.FromBytes(route.PaymentHash);
            if (await wallet.GetInvoiceAsync(hash, cancellationToken).ConfigureAwait(false) is { State: not InvoiceState.Open } invoice) Post(EngineWalletStates.Issued(invoice));
            if (await wallet.GetPaymentAsync(hash, cancellationToken).ConfigureAwait(false) is { } payment) Post(EngineWalletStates.Paid(payment));
        }
        foreach (var job in state.SenderJobs)
        foreach (var hash in new[] { job.Offer.NetworkPaymentHash, job.Offer.ReplyPaymentHash })
            if (await wallet.GetPaymentAsync(PaymentHash.FromBytes(hash), cancellationToken).ConfigureAwait(false) is { } payment) Post(EngineWalletStates.Paid(payment));
        foreach (var job in state.ReplierJobs)
            if (await wallet.GetInvoiceAsync(PaymentHash.FromBytes(job.ReplyPaymentHash), cancellationToken).ConfigureAwait(false) is { State: not InvoiceState.Open } invoice)
                Post(EngineWalletStates.Issued(invoice));
    }

    /// <summary>
    /// Before import: a route saved as paid downstream whose payment the wallet never saw (the node stopped between
    /// saving and paying) is marked unpaid, so the engine pays it when its invoice is Accepted.
    /// </summary>
    private static async Task<NodeMoneyState> RepairAsync(NodeMoneyState saved, IHodlWallet wallet, CancellationToken cancellationToken)
    {
        var routes = new List<RouteState>();
        try
        {
            foreach (var route in saved.Routes)
            {
                var unpaid = route.PaidDownstream && await wallet.GetPaymentAsync(PaymentHash.FromBytes(route.PaymentHash), cancellationToken).ConfigureAwait(false) is null;
                routes.Add(unpaid ? route with { PaidDownstream = false } : route);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new NodeStartException($"wallet account {wallet.AccountId} does not answer while restoring payments: {e.Message}", e);
        }
        return saved with { Routes = routes };
    }
}
