using GigGossip.Lnd.Tests.Contract;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Lnd.Tests;

/// <summary>
/// LND writes an invoice's ACCEPTED state and the HTLC that paid it in one database transaction: whoever sees the invoice
/// accepted sees its HTLC too (expiry height, so the hold deadline). A node that saw ACCEPTED with no HTLC would take the
/// hold deadline as unknown: a middleman refuses the route (cancels its invoice), the settler refuses the key reveal.
/// </summary>
public sealed class LndAcceptedHtlcTests : IAsyncLifetime
{
    private const long Amount = 5_000_000;
    private LndDoubleWorld _world = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _world = await LndDoubleWorld.StartAsync();

    public ValueTask DisposeAsync() => _world.DisposeAsync();

    [Fact]
    public async Task Invoice_looked_up_the_instant_it_is_accepted_already_has_its_hold_deadline()
    {
        var preimage = Preimage.Generate();
        var invoice = await _world.Issuer.CreateInvoiceAsync(new HodlInvoiceRequest(preimage.Hash, Amount, "ride", 3600, 40), Ct);
        HodlInvoice? seen = null;
        _world.Network.JustAccepted = async hash => seen = await _world.Issuer.GetInvoiceAsync(hash, Ct);

        await _world.Payer.PayAsync(invoice.Bolt11, cancellationToken: Ct);

        Assert.NotNull(seen);
        Assert.Equal(InvoiceState.Accepted, seen.State);
        Assert.NotNull(seen.HoldDeadline);
        Assert.Equal((await _world.Issuer.GetInvoiceAsync(preimage.Hash, Ct))!.HoldDeadline, seen.HoldDeadline);
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Accepted_update_on_the_invoice_stream_carries_the_hold_deadline()
    {
        var preimage = Preimage.Generate();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var events = _world.Issuer.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var invoice = await _world.Issuer.CreateInvoiceAsync(new HodlInvoiceRequest(preimage.Hash, Amount, "ride", 3600, 40), Ct);
        var streamed = new TaskCompletionSource<HodlInvoice>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The paying request waits at the instant of acceptance until the issuer's stream has reported it.
        _world.Network.JustAccepted = async _ => streamed.TrySetResult(await FirstUpdateAsync(events, preimage.Hash, InvoiceState.Accepted));

        await _world.Payer.PayAsync(invoice.Bolt11, cancellationToken: Ct);

        var accepted = await streamed.Task.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        Assert.NotNull(accepted.HoldDeadline);
        Assert.Equal((await _world.Issuer.GetInvoiceAsync(preimage.Hash, Ct))!.HoldDeadline, accepted.HoldDeadline);
        await events.DisposeAsync();
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Accepted_invoice_shown_without_its_htlc_is_asked_again_not_reported_without_a_hold_deadline()
    {
        var preimage = Preimage.Generate();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var events = _world.Issuer.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var invoice = await _world.Issuer.CreateInvoiceAsync(new HodlInvoiceRequest(preimage.Hash, Amount, "ride", 3600, 40), Ct);
        _world.IssuerNode.HideHtlcs = true;
        await _world.Payer.PayAsync(invoice.Bolt11, cancellationToken: Ct);

        var refused = await Assert.ThrowsAsync<WalletException>(() => _world.Issuer.GetInvoiceAsync(preimage.Hash, Ct));
        Assert.Equal(WalletError.Unreachable, refused.Error);
        Assert.Contains("accepted without the HTLC", refused.Message);
        _world.IssuerNode.HideHtlcs = false;

        var accepted = await FirstUpdateAsync(events, preimage.Hash);
        // The first change the stream reports is the acceptance with its deadline: the answer without the HTLC was not reported.
        Assert.Equal(InvoiceState.Accepted, accepted.State);
        Assert.NotNull(accepted.HoldDeadline);
        await events.DisposeAsync();
        await _world.AssertConservedAsync();
    }

    /// <summary>The first change the issuer's stream reports for the invoice (in <paramref name="state"/>, when given), within a minute.</summary>
    private static async Task<HodlInvoice> FirstUpdateAsync(IAsyncEnumerator<WalletEvent> events, PaymentHash hash, InvoiceState? state = null)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await events.MoveNextAsync().AsTask().WaitAsync(limit.Token))
            if (events.Current is InvoiceUpdated { Invoice: var updated } && updated.PaymentHash == hash && (state is null || updated.State == state))
                return updated;
        throw new InvalidOperationException("the invoice stream ended before reporting the invoice");
    }
}
