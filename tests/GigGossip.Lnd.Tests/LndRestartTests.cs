using GigGossip.Lnd.Tests.Contract;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Lnd.Tests;

/// <summary>An LND node killed and restarted under the backend's open streams: the backend resubscribes and reports what happened meanwhile.</summary>
public sealed class LndRestartTests : IAsyncLifetime
{
    private const long Amount = 70_000_000;
    private LndDoubleWorld _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await LndDoubleWorld.StartAsync();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    private static async Task<T> NextAsync<T>(IAsyncEnumerator<WalletEvent> events, Func<T, bool> wanted) where T : WalletEvent
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await events.MoveNextAsync().AsTask().WaitAsync(limit.Token))
            if (events.Current is T found && wanted(found)) return found;
        throw new InvalidOperationException("the watch ended");
    }

    [Fact]
    public async Task Payer_node_killed_mid_payment_then_restarted_the_backend_sees_the_settle_it_missed()
    {
        var preimage = Preimage.Generate();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var payerEvents = _world.Payer.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var invoice = await _world.Issuer.CreateInvoiceAsync(new HodlInvoiceRequest(preimage.Hash, Amount, "ride", 3600, 40), Ct);
        await _world.Payer.PayAsync(invoice.Bolt11, cancellationToken: Ct);
        Assert.Equal(InvoiceState.Accepted, (await _world.Issuer.GetInvoiceAsync(preimage.Hash, Ct))!.State);

        await _world.PayerNode.StopAsync();
        await _world.Issuer.SettleAsync(preimage.Hash, preimage, Ct);
        await Assert.ThrowsAsync<WalletException>(() => _world.Payer.GetPaymentAsync(preimage.Hash, Ct));
        await _world.PayerNode.StartAsync();

        var succeeded = await NextAsync<PaymentUpdated>(payerEvents, e => e.Payment.PaymentHash == preimage.Hash);
        Assert.Equal((PaymentState.Succeeded, preimage), (succeeded.Payment.State, succeeded.Payment.Preimage));
        Assert.True(_world.LndPayer.Resubscriptions >= 1, "the payment stream was not opened again");
        Assert.Equal(LndDoubleWorld.Funds - Amount, await _world.Payer.GetBalanceAsync(Ct));
        await _world.AssertConservedAsync();
        await payerEvents.DisposeAsync();
    }

    [Fact]
    public async Task Issuer_node_killed_mid_subscription_then_restarted_the_backend_follows_the_invoice_to_settled()
    {
        var preimage = Preimage.Generate();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var issuerEvents = _world.Issuer.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var invoice = await _world.Issuer.CreateInvoiceAsync(new HodlInvoiceRequest(preimage.Hash, Amount, "ride", 3600, 40), Ct);

        await _world.IssuerNode.StopAsync();
        await _world.IssuerNode.StartAsync();
        await _world.Payer.PayAsync(invoice.Bolt11, cancellationToken: Ct);
        var accepted = await NextAsync<InvoiceUpdated>(issuerEvents, e => e.Invoice.PaymentHash == preimage.Hash);
        Assert.Equal(InvoiceState.Accepted, accepted.Invoice.State);

        await _world.IssuerNode.StopAsync();
        await _world.IssuerNode.StartAsync();
        await _world.Issuer.SettleAsync(preimage.Hash, preimage, Ct);
        var settled = await NextAsync<InvoiceUpdated>(issuerEvents, e => e.Invoice.PaymentHash == preimage.Hash && e.Invoice.State != InvoiceState.Accepted);
        Assert.Equal((InvoiceState.Settled, preimage), (settled.Invoice.State, settled.Invoice.Preimage));
        // Two restarts close together may be followed by one reopening (the second restart can come before the first reconnect).
        Assert.True(_world.LndIssuer.Resubscriptions >= 1, $"the invoice stream was opened again {_world.LndIssuer.Resubscriptions} times after two restarts");
        Assert.Equal(Amount, await _world.Issuer.GetBalanceAsync(Ct));
        await _world.AssertConservedAsync();
        await issuerEvents.DisposeAsync();
    }
}
