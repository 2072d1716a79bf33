using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Bolt11;
using GigGossip.Wallet.Tests.Support;

namespace GigGossip.Wallet.Tests;

/// <summary>What every <see cref="IInvoiceWatchingWallet"/> does, checked on the ledger in process and over HTTP alike.</summary>
public abstract class WalletBehaviourTests : IAsyncLifetime
{
    private const long Funding = 1_000_000;
    private readonly Preimage _preimage = Preimage.Generate();
    private WalletWorld _world = null!;
    private long _total;

    protected abstract Task<WalletWorld> CreateWorldAsync();

    public async ValueTask InitializeAsync() => _world = await CreateWorldAsync();

    public async ValueTask DisposeAsync()
    {
        var report = _world.Audit();
        Assert.True(report.Balanced, string.Join("; ", report.Problems));
        await _world.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(IInvoiceWatchingWallet Issuer, IInvoiceWatchingWallet Payer)> TwoAccountsAsync()
    {
        var issuer = await _world.AccountAsync();
        var payer = await _world.AccountAsync(Funding);
        _total = Money();
        return (issuer, payer);
    }

    private long Money()
    {
        var totals = _world.Audit().Totals;
        return totals.AccountsMsat + totals.HeldMsat;
    }

    private Task<HodlInvoice> InvoiceAsync(IHodlWallet issuer, long amount = 600_000, long expirySeconds = 3600) =>
        issuer.CreateInvoiceAsync(new HodlInvoiceRequest(_preimage.Hash, amount, "ride", expirySeconds, MinFinalCltvExpiryDelta: 1), Ct);

    [Fact]
    public async Task Paid_invoice_is_accepted_then_settled_and_the_money_moves_to_the_issuer()
    {
        var (issuer, payer) = await TwoAccountsAsync();
        await using var issuerEvents = new EventLog(issuer);
        await using var payerEvents = new EventLog(payer);

        var invoice = await InvoiceAsync(issuer);
        Assert.Equal(InvoiceState.Open, invoice.State);
        var payment = await payer.PayAsync(invoice.Bolt11, cancellationToken: Ct);
        Assert.Equal(PaymentState.InFlight, payment.State);
        Assert.Equal(Funding - 600_000, await payer.GetBalanceAsync(Ct));
        Assert.Equal(InvoiceState.Accepted, (await issuerEvents.NextAsync<InvoiceUpdated>()).Invoice.State);
        Assert.Equal(PaymentState.InFlight, (await payerEvents.NextAsync<PaymentUpdated>()).Payment.State);

        var settled = await issuer.SettleAsync(_preimage.Hash, _preimage, Ct);
        Assert.Equal(InvoiceState.Settled, settled.State);
        Assert.Equal(InvoiceState.Settled, (await issuerEvents.NextAsync<InvoiceUpdated>()).Invoice.State);
        var succeeded = await payerEvents.NextAsync<PaymentUpdated>();
        Assert.Equal(PaymentState.Succeeded, succeeded.Payment.State);
        Assert.Equal(_preimage, succeeded.Payment.Preimage);
        Assert.Equal(600_000, await issuer.GetBalanceAsync(Ct));
        Assert.Equal(_preimage, (await payer.GetPaymentAsync(_preimage.Hash, Ct))!.Preimage);
        Assert.Equal(InvoiceState.Settled, (await issuer.GetInvoiceAsync(_preimage.Hash, Ct))!.State);
        Assert.Equal(_total, Money());
    }

    [Fact]
    public async Task Cancelled_invoice_returns_the_held_money_to_the_payer()
    {
        var (issuer, payer) = await TwoAccountsAsync();
        await using var payerEvents = new EventLog(payer);
        var invoice = await InvoiceAsync(issuer);
        await payer.PayAsync(invoice.Bolt11, cancellationToken: Ct);
        Assert.Equal(PaymentState.InFlight, (await payerEvents.NextAsync<PaymentUpdated>()).Payment.State);

        var cancelled = await issuer.CancelAsync(_preimage.Hash, Ct);

        Assert.Equal(InvoiceState.Cancelled, cancelled.State);
        Assert.Equal(CancelReason.ByIssuer, cancelled.CancelReason);
        Assert.Equal(PaymentState.Failed, (await payerEvents.NextAsync<PaymentUpdated>()).Payment.State);
        Assert.Equal(Funding, await payer.GetBalanceAsync(Ct));
        Assert.Equal(0, await issuer.GetBalanceAsync(Ct));
        Assert.Equal(_total, Money());
    }

    [Fact]
    public async Task Open_invoice_is_cancelled_when_it_expires_on_the_wallet_clock()
    {
        var (issuer, _) = await TwoAccountsAsync();
        await using var issuerEvents = new EventLog(issuer);
        await InvoiceAsync(issuer, expirySeconds: 60);
        _world.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(InvoiceState.Open, (await issuer.GetInvoiceAsync(_preimage.Hash, Ct))!.State);

        _world.Time.Advance(TimeSpan.FromSeconds(2));

        var expired = await issuerEvents.NextAsync<InvoiceUpdated>();
        Assert.Equal(InvoiceState.Cancelled, expired.Invoice.State);
        Assert.Equal(CancelReason.Expired, expired.Invoice.CancelReason);
    }

    [Fact]
    public async Task Watcher_holding_the_bolt11_sees_another_accounts_invoice_accepted_and_settled()
    {
        var (issuer, payer) = await TwoAccountsAsync();
        var settler = await _world.AccountAsync();
        await using var settlerEvents = new EventLog(settler);
        var invoice = await InvoiceAsync(issuer);

        var status = await settler.WatchInvoiceAsync(invoice.Bolt11, Ct);
        Assert.Equal(InvoiceState.Open, status.State);
        Assert.Equal(invoice.PaymentSecret, status.PaymentSecret);
        await payer.PayAsync(invoice.Bolt11, cancellationToken: Ct);
        var accepted = await settlerEvents.NextAsync<WatchedInvoiceUpdated>();
        Assert.Equal((settler.AccountId, InvoiceState.Accepted, invoice.PaymentSecret), (accepted.AccountId, accepted.Invoice.State, accepted.Invoice.PaymentSecret));
        await issuer.SettleAsync(_preimage.Hash, _preimage, Ct);
        Assert.Equal(InvoiceState.Settled, (await settlerEvents.NextAsync<WatchedInvoiceUpdated>()).Invoice.State);
        Assert.Equal(0, settlerEvents.Pending);
    }

    [Fact]
    public async Task Watching_needs_an_invoice_of_this_wallet()
    {
        var (issuer, _) = await TwoAccountsAsync();
        var invoice = await InvoiceAsync(issuer);
        var foreign = Bolt11Encoder.Encode(new Bolt11InvoiceDraft(Bolt11Network.Regtest, 1_000, WalletWorld.T0, _preimage.Hash, PaymentSecret.Generate(), "elsewhere"),
            Protocol.Crypto.SecretKey.Generate().Bytes.ToArray());

        Assert.Equal(WalletError.MalformedInvoice, (await Assert.ThrowsAsync<WalletException>(() => issuer.WatchInvoiceAsync("lnbcrt1garbage", Ct))).Error);
        Assert.Equal(WalletError.UnknownInvoice, (await Assert.ThrowsAsync<WalletException>(() => issuer.WatchInvoiceAsync(foreign, Ct))).Error);
        Assert.Equal(InvoiceState.Open, (await issuer.WatchInvoiceAsync(invoice.Bolt11, Ct)).State);
    }

    [Fact]
    public async Task Refused_operations_say_which_rule_and_change_nothing()
    {
        var (issuer, payer) = await TwoAccountsAsync();
        var invoice = await InvoiceAsync(issuer, amount: 600_000);

        async Task<WalletError> Refused(Func<Task> call) => (await Assert.ThrowsAsync<WalletException>(call)).Error;

        Assert.Equal(WalletError.DuplicateInvoice, await Refused(() => InvoiceAsync(issuer)));
        Assert.Equal(WalletError.InvalidAmount, await Refused(() => issuer.CreateInvoiceAsync(new HodlInvoiceRequest(Preimage.Generate().Hash, 0, "free"), Ct)));
        Assert.Equal(WalletError.SelfPayment, await Refused(() => issuer.PayAsync(invoice.Bolt11, cancellationToken: Ct)));
        Assert.Equal(WalletError.MalformedInvoice, await Refused(() => payer.PayAsync("not an invoice", cancellationToken: Ct)));
        Assert.Equal(WalletError.NotAccepted, await Refused(() => issuer.SettleAsync(_preimage.Hash, _preimage, Ct)));
        Assert.Equal(WalletError.UnknownInvoice, await Refused(() => payer.SettleAsync(_preimage.Hash, _preimage, Ct)));
        Assert.Equal(WalletError.UnknownInvoice, await Refused(() => payer.CancelAsync(_preimage.Hash, Ct)));
        var poor = await _world.AccountAsync(100);
        Assert.Equal(WalletError.InsufficientBalance, await Refused(() => poor.PayAsync(invoice.Bolt11, cancellationToken: Ct)));
        await payer.PayAsync(invoice.Bolt11, cancellationToken: Ct);
        Assert.Equal(WalletError.AlreadyPaid, await Refused(() => payer.PayAsync(invoice.Bolt11, cancellationToken: Ct)));
        Assert.Equal(WalletError.WrongPreimage, await Refused(() => issuer.SettleAsync(_preimage.Hash, Preimage.Generate(), Ct)));

        Assert.Null(await issuer.GetInvoiceAsync(Preimage.Generate().Hash, Ct));
        Assert.Null(await issuer.GetPaymentAsync(_preimage.Hash, Ct));
        Assert.Equal(Funding - 600_000, await payer.GetBalanceAsync(Ct));
        Assert.Equal(_total + 100, Money());
    }

    [Fact]
    public async Task Money_is_conserved_through_many_payments_settled_and_cancelled()
    {
        var issuer = await _world.AccountAsync();
        var payers = new List<IInvoiceWatchingWallet>();
        for (var i = 0; i < 4; i++) payers.Add(await _world.AccountAsync(Funding));
        var total = Money();
        var preimages = new List<Preimage>();
        for (var i = 0; i < 12; i++)
        {
            var preimage = Preimage.Generate();
            preimages.Add(preimage);
            var invoice = await issuer.CreateInvoiceAsync(new HodlInvoiceRequest(preimage.Hash, 10_000 + i, "job", MinFinalCltvExpiryDelta: 1), Ct);
            await payers[i % payers.Count].PayAsync(invoice.Bolt11, cancellationToken: Ct);
        }
        for (var i = 0; i < preimages.Count; i++)
        {
            if (i % 3 == 0) await issuer.CancelAsync(preimages[i].Hash, Ct);
            else await issuer.SettleAsync(preimages[i].Hash, preimages[i], Ct);
        }

        Assert.Equal(total, Money());
        Assert.Equal(0, _world.Audit().Totals.HeldMsat);
        Assert.Equal(Enumerable.Range(0, 12).Where(i => i % 3 != 0).Sum(i => 10_000L + i), await issuer.GetBalanceAsync(Ct));
    }
}

public sealed class InProcessWalletBehaviourTests : WalletBehaviourTests
{
    protected override Task<WalletWorld> CreateWorldAsync() => Task.FromResult<WalletWorld>(new InProcessWorld());
}

public sealed class HttpWalletBehaviourTests : WalletBehaviourTests
{
    protected override async Task<WalletWorld> CreateWorldAsync() => await HttpWorld.StartAsync();
}
