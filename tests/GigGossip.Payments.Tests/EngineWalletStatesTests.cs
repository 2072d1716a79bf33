using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;

namespace GigGossip.Payments.Tests;

/// <summary>The one engine-to-wallet bridge: every state on each side has exactly one partner on the other.</summary>
public sealed class EngineWalletStatesTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    [Theory]
    [InlineData(PaymentState.InFlight, InvoiceState.Accepted)]
    [InlineData(PaymentState.Succeeded, InvoiceState.Settled)]
    [InlineData(PaymentState.Failed, InvoiceState.Cancelled)]
    public void A_payment_state_is_the_engine_state_the_payer_sees(PaymentState payment, InvoiceState engine) =>
        Assert.Equal(engine, payment.ToEngine());

    [Fact]
    public void Every_payment_state_has_an_engine_state_and_every_engine_state_but_open_comes_from_one()
    {
        var mapped = Enum.GetValues<PaymentState>().Select(s => s.ToEngine()).ToList();

        Assert.Equal(mapped.Count, mapped.Distinct().Count());
        Assert.Equal(Enum.GetValues<InvoiceState>().Where(s => s != InvoiceState.Open).Order(), mapped.Order());
    }

    [Fact]
    public void A_state_neither_side_knows_is_refused_not_guessed()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((PaymentState)99).ToEngine());
    }

    [Fact]
    public void An_issued_invoice_carries_its_hash_state_and_the_payers_hold_deadline()
    {
        var hash = Preimage.Generate().Hash;
        var invoice = Invoice("issuer", hash, InvoiceState.Accepted, hold: T0.AddMinutes(10));

        var input = EngineWalletStates.Issued(invoice);

        Assert.Equal(hash.ToArray(), input.PaymentHash);
        Assert.Equal(InvoiceState.Accepted, input.State);
        Assert.Equal(T0.AddMinutes(10).ToUnixTimeMilliseconds(), input.HoldUntilUnixMs);
    }

    [Fact]
    public void A_succeeded_payment_carries_its_preimage_and_a_refused_one_its_reason()
    {
        var preimage = Preimage.Generate();
        var paid = EngineWalletStates.Paid(Payment("payer", preimage.Hash, PaymentState.Succeeded, preimage));
        var refused = EngineWalletStates.Refused(preimage.Hash, "no route");

        Assert.Equal(InvoiceState.Settled, paid.State);
        Assert.Equal(preimage.ToArray(), paid.Preimage);
        Assert.Null(paid.FailureReason);
        Assert.Equal(InvoiceState.Cancelled, refused.State);
        Assert.Null(refused.Preimage);
        Assert.Equal("no route", refused.FailureReason);
        Assert.Equal(preimage.Hash.ToArray(), refused.PaymentHash);
    }

    [Fact]
    public void A_wallet_event_reaches_only_its_own_accounts_engine()
    {
        var hash = Preimage.Generate().Hash;
        var issued = new InvoiceUpdated(Invoice("issuer", hash, InvoiceState.Open, hold: null), T0);
        var paid = new PaymentUpdated(Payment("payer", hash, PaymentState.InFlight, preimage: null), T0);

        Assert.IsType<IssuedInvoiceChanged>(EngineWalletStates.From(issued, "issuer"));
        Assert.Null(EngineWalletStates.From(issued, "payer"));
        Assert.Equal(InvoiceState.Accepted, Assert.IsType<PaymentChanged>(EngineWalletStates.From(paid, "payer")).State);
        Assert.Null(EngineWalletStates.From(paid, "issuer"));
    }

    [Theory]
    [InlineData(3_600_000, 3_600)]
    [InlineData(1_999, 1)]
    [InlineData(999, 1)]
    [InlineData(0, 1)]
    [InlineData(-5_000, 1)]
    public void An_invoice_is_payable_for_the_whole_seconds_left_and_at_least_one(long msLeft, long expectedSeconds)
    {
        var now = T0.ToUnixTimeMilliseconds();
        var hash = Preimage.Generate().Hash;
        var create = new CreateInvoice(new SettlerCallCorrelation("c1"), hash.ToArray(), 21_000, "ride", now + msLeft);

        var request = EngineWalletStates.InvoiceRequest(create, now, minFinalCltvExpiryDelta: 18);

        Assert.Equal(new HodlInvoiceRequest(hash, 21_000, "ride", expectedSeconds, 18), request);
    }

    private static HodlInvoice Invoice(string issuer, PaymentHash hash, InvoiceState state, DateTimeOffset? hold) =>
        new(PaymentSecret.Generate(), issuer, hash, 21_000, "ride", "lnbcrt1", T0, T0.AddHours(1), 18, state, hold, null, null, null);

    private static HodlPayment Payment(string payer, PaymentHash hash, PaymentState state, Preimage? preimage) =>
        new(PaymentSecret.Generate(), payer, hash, 21_000, "lnbcrt1", state, T0.AddMinutes(10), preimage, null);
}
