using System.Security.Cryptography;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments.Tests.Contract;

/// <summary>
/// What the node and settler engines rely on from any <see cref="IHodlWallet"/>: an invoice is Open, then Accepted when paid,
/// then Settled with the preimage or Cancelled (by the issuer, by expiry, by the payer's hold deadline); a refused
/// operation changes nothing; the payer learns the preimage; events report every move; money is conserved. Each
/// backend's test project derives from this class with its <see cref="IHodlWalletWorld"/>.
/// </summary>
public abstract class HodlWalletContractTests : IAsyncLifetime
{
    protected const long Amount = 150_000_000;
    private IHodlWalletWorld? _world;

    protected IHodlWalletWorld World => _world ?? throw new InvalidOperationException("world not started");

    private IHodlWallet Issuer => World.Issuer;

    private IHodlWallet Payer => World.Payer;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts the backend's world, or returns null with <paramref name="skipReason"/> set when it cannot run here.</summary>
    protected abstract Task<IHodlWalletWorld?> CreateWorldAsync();

    /// <summary>Why this backend cannot run here (no real node configured), or null.</summary>
    protected virtual string? SkipReason => null;

    public async ValueTask InitializeAsync()
    {
        if (SkipReason is null) _world = await CreateWorldAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_world is not null) await _world.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private void RequireWorld()
    {
        if (SkipReason is { } reason) Assert.Skip(reason);
    }

    private void RequireClock()
    {
        RequireWorld();
        if (World.CannotElapse is { } reason) Assert.Skip(reason);
    }

    private static (Preimage Preimage, PaymentHash Hash) NewSecret()
    {
        var preimage = Preimage.FromBytes(RandomNumberGenerator.GetBytes(32));
        return (preimage, preimage.Hash);
    }

    private Task<HodlInvoice> InvoiceAsync(PaymentHash hash, long amount = Amount, long expirySeconds = 3600, int cltv = 40) =>
        Issuer.CreateInvoiceAsync(new HodlInvoiceRequest(hash, amount, "contract " + hash.ToString()[..8], expirySeconds, cltv), Ct);

    /// <summary>Probes until <paramref name="done"/>, stepping the world between probes at most <see cref="IHodlWalletWorld.MaxSteps"/> times.</summary>
    private async Task<T> EventuallyAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
    {
        for (var step = 0; ; step++)
        {
            var value = await probe();
            if (done(value)) return value;
            Assert.True(step < World.MaxSteps, $"{what}: still {value} after {step} steps");
            await World.StepAsync();
        }
    }

    private Task<HodlInvoice> InvoiceInAsync(PaymentHash hash, InvoiceState state) =>
        EventuallyAsync(async () => (await Issuer.GetInvoiceAsync(hash, Ct))!, i => i.State == state, $"invoice {state}");

    private Task<HodlPayment> PaymentInAsync(PaymentHash hash, PaymentState state) =>
        EventuallyAsync(async () => (await Payer.GetPaymentAsync(hash, Ct))!, p => p.State == state, $"payment {state}");

    /// <summary>Pays the invoice and brings the issuer to see it Accepted.</summary>
    private async Task<HodlPayment> PayAcceptedAsync(HodlInvoice invoice, DateTimeOffset? holdUntil = null)
    {
        var payment = await Payer.PayAsync(invoice.Bolt11, holdUntil, Ct);
        Assert.Equal(invoice.PaymentHash, payment.PaymentHash);
        Assert.NotEqual(PaymentState.Failed, payment.State);
        await World.DeliverAsync(invoice, invoice.PaymentHash);
        var accepted = await InvoiceInAsync(invoice.PaymentHash, InvoiceState.Accepted);
        Assert.NotNull(accepted.HoldDeadline);
        return payment;
    }

    private static async Task<WalletError> RefusedAsync(Func<Task> call)
    {
        var refused = await Assert.ThrowsAsync<WalletException>(call);
        return refused.Error;
    }

    [Fact]
    public async Task New_invoice_is_open_names_its_hash_and_amount_and_moves_no_money()
    {
        RequireWorld();
        var (_, hash) = NewSecret();
        var invoice = await InvoiceAsync(hash);
        Assert.Equal((InvoiceState.Open, hash, Amount), (invoice.State, invoice.PaymentHash, invoice.AmountMsat));
        var decoded = Bolt11Invoice.Decode(invoice.Bolt11);
        Assert.Equal((hash, (long?)Amount, invoice.PaymentSecret), (decoded.PaymentHash, decoded.AmountMsat, decoded.PaymentSecret));
        Assert.True(decoded.MinFinalCltvExpiryDelta >= 40, $"the invoice asks a hold of {decoded.MinFinalCltvExpiryDelta} blocks, less than requested");
        var read = await Issuer.GetInvoiceAsync(hash, Ct);
        Assert.Equal((invoice.Bolt11, InvoiceState.Open), (read!.Bolt11, read.State));
        Assert.Null(await Issuer.GetInvoiceAsync(NewSecret().Hash, Ct));
        Assert.Null(await Payer.GetPaymentAsync(hash, Ct));
        Assert.Equal(World.PayerFundsMsat, await Payer.GetBalanceAsync(Ct));
        await World.AssertConservedAsync();
    }

    [Fact]
    public async Task Second_invoice_on_the_same_hash_is_refused()
    {
        RequireWorld();
        var (_, hash) = NewSecret();
        await InvoiceAsync(hash);
        Assert.Equal(WalletError.DuplicateInvoice, await RefusedAsync(() => InvoiceAsync(hash)));
        Assert.Equal(InvoiceState.Open, (await Issuer.GetInvoiceAsync(hash, Ct))!.State);
    }

    [Fact]
    public async Task Paid_invoice_is_accepted_and_the_money_leaves_the_payer_and_is_held()
    {
        RequireWorld();
        var (_, hash) = NewSecret();
        var invoice = await InvoiceAsync(hash);
        var payment = await PayAcceptedAsync(invoice);
        Assert.Equal((PaymentState.InFlight, Amount), (payment.State, payment.AmountMsat));
        Assert.Null(payment.Preimage);
        var payerBalance = await Payer.GetBalanceAsync(Ct);
        Assert.InRange(payerBalance, World.PayerFundsMsat - Amount - World.FeeAllowanceMsat, World.PayerFundsMsat - Amount);
        Assert.Equal(PaymentState.InFlight, (await Payer.GetPaymentAsync(hash, Ct))!.State);
        await World.AssertConservedAsync();
    }

    [Fact]
    public async Task Settle_with_the_preimage_pays_the_issuer_and_tells_the_payer_the_preimage()
    {
        RequireWorld();
        var (preimage, hash) = NewSecret();
        var invoice = await InvoiceAsync(hash);
        var issuerBefore = await Issuer.GetBalanceAsync(Ct);
        await PayAcceptedAsync(invoice);

        var settled = await Issuer.SettleAsync(hash, preimage, Ct);
        Assert.Equal(InvoiceState.Settled, settled.State);
        var succeeded = await PaymentInAsync(hash, PaymentState.Succeeded);
        Assert.Equal(preimage, succeeded.Preimage);
        Assert.Equal(InvoiceState.Settled, (await Issuer.GetInvoiceAsync(hash, Ct))!.State);
        Assert.InRange(await Issuer.GetBalanceAsync(Ct), issuerBefore + Amount - World.FeeAllowanceMsat, issuerBefore + Amount);
        Assert.InRange(await Payer.GetBalanceAsync(Ct), World.PayerFundsMsat - Amount - World.FeeAllowanceMsat, World.PayerFundsMsat - Amount);
        await World.AssertConservedAsync();
    }

    [Fact]
    public async Task Wrong_preimage_is_refused_and_the_invoice_stays_accepted()
    {
        RequireWorld();
        var (preimage, hash) = NewSecret();
        await PayAcceptedAsync(await InvoiceAsync(hash));
        Assert.Equal(WalletError.WrongPreimage, await RefusedAsync(() => Issuer.SettleAsync(hash, NewSecret().Preimage, Ct)));
        Assert.Equal(InvoiceState.Accepted, (await Issuer.GetInvoiceAsync(hash, Ct))!.State);
        Assert.Equal(PaymentState.InFlight, (await Payer.GetPaymentAsync(hash, Ct))!.State);
        Assert.Equal(InvoiceState.Settled, (await Issuer.SettleAsync(hash, preimage, Ct)).State);
        await PaymentInAsync(hash, PaymentState.Succeeded);
        await World.AssertConservedAsync();
    }

    [Fact]
    public async Task Settle_before_payment_and_settle_twice_are_refused_and_change_nothing()
    {
        RequireWorld();
        var (preimage, hash) = NewSecret();
        var invoice = await InvoiceAsync(hash);
        Assert.Equal(WalletError.NotAccepted, await RefusedAsync(() => Issuer.SettleAsync(hash, preimage, Ct)));
        Assert.Equal(InvoiceState.Open, (await Issuer.GetInvoiceAsync(hash, Ct))!.State);
        await PayAcceptedAsync(invoice);
        await Issuer.SettleAsync(hash, preimage, Ct);
        var issuerBalance = await Issuer.GetBalanceAsync(Ct);
        Assert.Equal(WalletError.AlreadySettled, await RefusedAsync(() => Issuer.SettleAsync(hash, preimage, Ct)));
        Assert.Equal(WalletError.AlreadySettled, await RefusedAsync(() => Issuer.CancelAsync(hash, Ct)));
        Assert.Equal(issuerBalance, await Issuer.GetBalanceAsync(Ct));
        await PaymentInAsync(hash, PaymentState.Succeeded);
        await World.AssertConservedAsync();
    }

    [Fact]
    public async Task Cancelled_accepted_invoice_fails_the_payment_and_refunds_the_payer()
    {
        RequireWorld();
        var (preimage, hash) = NewSecret();
        await PayAcceptedAsync(await InvoiceAsync(hash));
        var cancelled = await Issuer.CancelAsync(hash, Ct);
        Assert.Equal(InvoiceState.Cancelled, cancelled.State);
        Assert.Equal(WalletError.AlreadyCancelled, await RefusedAsync(() => Issuer.SettleAsync(hash, preimage, Ct)));
        Assert.Equal(WalletError.AlreadyCancelled, await RefusedAsync(() => Issuer.CancelAsync(hash, Ct)));
        var failed = await PaymentInAsync(hash, PaymentState.Failed);
        Assert.Null(failed.Preimage);
        Assert.InRange(await Payer.GetBalanceAsync(Ct), World.PayerFundsMsat - World.FeeAllowanceMsat, World.PayerFundsMsat);
        await World.AssertConservedAsync();
    }

    [Fact]
    public async Task Cancelled_open_invoice_cannot_be_paid()
    {
        RequireWorld();
        var (_, hash) = NewSecret();
        var invoice = await InvoiceAsync(hash);
        Assert.Equal(InvoiceState.Cancelled, (await Issuer.CancelAsync(hash, Ct)).State);
        await PayFailsAsync(invoice.Bolt11, hash, null, WalletError.AlreadyCancelled, WalletError.UnknownInvoice);
        Assert.Equal(InvoiceState.Cancelled, (await Issuer.GetInvoiceAsync(hash, Ct))!.State);
        await World.AssertConservedAsync();
    }

    /// <summary>
    /// A payment that cannot happen is refused at once with one of <paramref name="reasons"/>, or fails (a payer that cannot
    /// see the issuer's side, as on chain, learns it only when its refund comes), and costs at most fees.
    /// </summary>
    private async Task PayFailsAsync(string bolt11, PaymentHash hash, DateTimeOffset? holdUntil, params WalletError[] reasons)
    {
        var before = await Payer.GetBalanceAsync(Ct);
        try
        {
            await Payer.PayAsync(bolt11, holdUntil, Ct);
            await PaymentInAsync(hash, PaymentState.Failed);
        }
        catch (WalletException e)
        {
            Assert.True(reasons.Contains(e.Error), $"refused with {e.Error} ({e.Message}), expected one of {string.Join(", ", reasons)}");
        }
        Assert.InRange(await Payer.GetBalanceAsync(Ct), before - World.FeeAllowanceMsat, before);
    }

    [Fact]
    public async Task Paying_twice_is_refused_and_holds_the_money_once()
    {
        RequireWorld();
        var (preimage, hash) = NewSecret();
        var invoice = await InvoiceAsync(hash);
        await PayAcceptedAsync(invoice);
        var balance = await Payer.GetBalanceAsync(Ct);
        var refused = await RefusedAsync(() => Payer.PayAsync(invoice.Bolt11, cancellationToken: Ct));
        Assert.Contains(refused, new[] { WalletError.DuplicatePayment, WalletError.AlreadyPaid });
        Assert.Equal(balance, await Payer.GetBalanceAsync(Ct));
        await Issuer.SettleAsync(hash, preimage, Ct);
        await PaymentInAsync(hash, PaymentState.Succeeded);
        Assert.Contains(await RefusedAsync(() => Payer.PayAsync(invoice.Bolt11, cancellationToken: Ct)), new[] { WalletError.DuplicatePayment, WalletError.AlreadyPaid });
        await World.AssertConservedAsync();
    }

    [Fact]
    public async Task Payment_above_the_balance_fails_and_moves_nothing()
    {
        RequireWorld();
        var (_, hash) = NewSecret();
        var invoice = await InvoiceAsync(hash, amount: World.PayerFundsMsat + 1_000_000);
        await PayFailsAsync(invoice.Bolt11, hash, null, WalletError.InsufficientBalance);
        Assert.Equal(InvoiceState.Open, (await Issuer.GetInvoiceAsync(hash, Ct))!.State);
        await World.AssertConservedAsync();
    }

    [Fact]
    public async Task Hold_shorter_than_the_invoice_asks_is_refused()
    {
        RequireWorld();
        var (_, hash) = NewSecret();
        var invoice = await InvoiceAsync(hash, cltv: 80);
        await PayFailsAsync(invoice.Bolt11, hash, World.Now.AddMinutes(10 * 20), WalletError.InvalidHold);
        Assert.Equal(InvoiceState.Open, (await Issuer.GetInvoiceAsync(hash, Ct))!.State);
        await World.AssertConservedAsync();
    }

    [Fact]
    public async Task Accepted_invoice_not_settled_by_the_hold_deadline_is_cancelled_and_the_payer_refunded()
    {
        RequireClock();
        var (preimage, hash) = NewSecret();
        await PayAcceptedAsync(await InvoiceAsync(hash));
        var accepted = (await Issuer.GetInvoiceAsync(hash, Ct))!;
        await World.ElapseBlocksAsync(90);
        var cancelled = await InvoiceInAsync(hash, InvoiceState.Cancelled);
        Assert.True(cancelled.ResolvedAt is null || cancelled.ResolvedAt >= accepted.HoldDeadline, "cancelled before the hold deadline");
        Assert.Contains(await RefusedAsync(() => Issuer.SettleAsync(hash, preimage, Ct)), new[] { WalletError.AlreadyCancelled, WalletError.HoldDeadlinePassed });
        await PaymentInAsync(hash, PaymentState.Failed);
        Assert.InRange(await Payer.GetBalanceAsync(Ct), World.PayerFundsMsat - World.FeeAllowanceMsat, World.PayerFundsMsat);
        await World.AssertConservedAsync();
    }

    [Fact]
    public async Task Expired_open_invoice_is_cancelled_and_cannot_be_paid()
    {
        RequireClock();
        var (_, hash) = NewSecret();
        var invoice = await InvoiceAsync(hash, expirySeconds: 1200);
        await World.ElapseBlocksAsync(3);
        await PayFailsAsync(invoice.Bolt11, hash, null, WalletError.InvoiceExpired, WalletError.AlreadyCancelled);
        var cancelled = await InvoiceInAsync(hash, InvoiceState.Cancelled);
        Assert.Equal(CancelReason.Expired, cancelled.CancelReason);
        await World.AssertConservedAsync();
    }

    [Fact]
    public async Task Watchers_see_the_invoice_accepted_and_settled_and_the_payment_succeed()
    {
        RequireWorld();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var issuerEvents = Collect(Issuer.WatchAsync(stop.Token), e => e is InvoiceUpdated { Invoice.State: InvoiceState.Settled });
        var payerEvents = Collect(Payer.WatchAsync(stop.Token), e => e is PaymentUpdated { Payment.State: PaymentState.Succeeded });
        var (preimage, hash) = NewSecret();
        await PayAcceptedAsync(await InvoiceAsync(hash));
        await Issuer.SettleAsync(hash, preimage, Ct);
        await PaymentInAsync(hash, PaymentState.Succeeded);

        var seenByIssuer = await issuerEvents.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        var states = seenByIssuer.OfType<InvoiceUpdated>().Where(e => e.Invoice.PaymentHash == hash).Select(e => e.Invoice.State).Distinct().ToList();
        Assert.Equal(new[] { InvoiceState.Accepted, InvoiceState.Settled }, states.Where(s => s != InvoiceState.Open).ToArray());
        var seenByPayer = await payerEvents.WaitAsync(TimeSpan.FromSeconds(60), Ct);
        var last = seenByPayer.OfType<PaymentUpdated>().Last(e => e.Payment.PaymentHash == hash).Payment;
        Assert.Equal((PaymentState.Succeeded, preimage), (last.State, last.Preimage));
        Assert.All(seenByIssuer, e => Assert.Equal(Issuer.AccountId, e.AccountId));
        await stop.CancelAsync();
    }

    private static async Task<List<WalletEvent>> Collect(IAsyncEnumerable<WalletEvent> events, Func<WalletEvent, bool> last)
    {
        var seen = new List<WalletEvent>();
        await foreach (var walletEvent in events)
        {
            seen.Add(walletEvent);
            if (last(walletEvent)) break;
        }
        return seen;
    }
}
