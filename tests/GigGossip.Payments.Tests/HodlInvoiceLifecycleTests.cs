using GigGossip.Payments.Ledger;
using GigGossip.Payments.Tests.Support;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments.Tests;

/// <summary>One invoice through Open, Accepted, Settled or Cancelled, on a ledger file.</summary>
public sealed class HodlInvoiceLifecycleTests : IDisposable
{
    private static readonly DateTimeOffset T0 = TestTime.T0;
    private readonly TempLedgerFile _file = new();
    private readonly HodlLedger _ledger;
    private readonly Preimage _preimage = Preimage.Generate();

    public HodlInvoiceLifecycleTests()
    {
        _ledger = HodlLedger.Open(_file.Path, T0);
        _ledger.OpenAccount("settler", T0);
        _ledger.OpenAccount("sender", T0);
        _ledger.Fund("sender", 1_000_000, T0);
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _file.Dispose();
    }

    private HodlInvoice Create(long amount = 600_000, long expirySeconds = 3600, int cltv = 18) =>
        _ledger.CreateInvoice("settler", new HodlInvoiceRequest(_preimage.Hash, amount, "network fee", expirySeconds, cltv), T0);

    [Fact]
    public void New_invoice_is_open_signed_by_the_wallet_node_and_moves_no_money()
    {
        var invoice = Create();
        Assert.Equal(InvoiceState.Open, invoice.State);
        var decoded = Bolt11Invoice.Decode(invoice.Bolt11);
        Assert.Equal(Bolt11Network.Regtest, decoded.Network);
        Assert.Equal(600_000, decoded.AmountMsat);
        Assert.Equal(_preimage.Hash, decoded.PaymentHash);
        Assert.Equal(invoice.PaymentSecret, decoded.PaymentSecret);
        Assert.Equal("network fee", decoded.Description);
        Assert.Equal(_ledger.NodeId, decoded.PayeeNodeKey);
        Assert.Equal(T0 + TimeSpan.FromHours(1), invoice.ExpiresAt);
        Assert.Equal(1_000_000, _ledger.GetBalance("sender"));
        Assert.True(_ledger.Audit().Balanced);
    }

    [Fact]
    public void Paying_holds_the_money_and_accepts_the_invoice()
    {
        var invoice = Create();
        var paid = _ledger.Pay("sender", invoice.Bolt11, null, T0.AddMinutes(1));

        Assert.Equal(PaymentState.InFlight, paid.Value.State);
        Assert.Null(paid.Value.Preimage);
        Assert.Equal(T0.AddMinutes(1) + HodlTiming.Blocks(18), paid.Value.HoldDeadline);
        Assert.Equal(400_000, _ledger.GetBalance("sender"));
        Assert.Equal(0, _ledger.GetBalance("settler"));
        Assert.Equal(InvoiceState.Accepted, _ledger.GetInvoice("settler", _preimage.Hash)!.State);
        var report = _ledger.Audit();
        Assert.Equal(600_000, report.Totals.HeldMsat);
        Assert.Equal(1_000_000, report.Totals.AccountsMsat + report.Totals.HeldMsat);
        Assert.Collection(paid.Events,
            e => Assert.Equal(InvoiceState.Accepted, Assert.IsType<InvoiceUpdated>(e).Invoice.State),
            e => Assert.Equal("sender", Assert.IsType<PaymentUpdated>(e).AccountId));
    }

    [Fact]
    public void Settling_pays_the_issuer_and_reveals_the_preimage_to_the_payer()
    {
        var invoice = Create();
        _ledger.Pay("sender", invoice.Bolt11, null, T0);
        var settled = _ledger.Settle("settler", _preimage.Hash, _preimage, T0.AddMinutes(5));

        Assert.Equal(InvoiceState.Settled, settled.Value.State);
        Assert.Equal(600_000, _ledger.GetBalance("settler"));
        Assert.Equal(400_000, _ledger.GetBalance("sender"));
        var payment = _ledger.GetPayment("sender", _preimage.Hash)!;
        Assert.Equal(PaymentState.Succeeded, payment.State);
        Assert.Equal(_preimage, payment.Preimage);
        var paymentEvent = Assert.IsType<PaymentUpdated>(settled.Events[1]);
        Assert.Equal(_preimage, paymentEvent.Payment.Preimage);
        Assert.Equal(0, _ledger.Audit().Totals.HeldMsat);
    }

    [Fact]
    public void Cancelling_an_accepted_invoice_refunds_the_payer()
    {
        var invoice = Create();
        _ledger.Pay("sender", invoice.Bolt11, null, T0);
        var cancelled = _ledger.Cancel("settler", _preimage.Hash, T0.AddMinutes(5));

        Assert.Equal(InvoiceState.Cancelled, cancelled.Value.State);
        Assert.Equal(CancelReason.ByIssuer, cancelled.Value.CancelReason);
        Assert.Equal(1_000_000, _ledger.GetBalance("sender"));
        Assert.Equal(PaymentState.Failed, _ledger.GetPayment("sender", _preimage.Hash)!.State);
        Assert.Null(_ledger.GetPayment("sender", _preimage.Hash)!.Preimage);
        Assert.True(_ledger.Audit().Balanced);
    }

    [Fact]
    public void Open_invoice_past_its_expiry_is_cancelled_by_expire()
    {
        Create(expirySeconds: 60);
        Assert.Equal(T0.AddSeconds(60), _ledger.NextDeadline());
        Assert.Empty(_ledger.Expire(T0.AddSeconds(59)));

        var events = _ledger.Expire(T0.AddSeconds(60));

        var update = Assert.IsType<InvoiceUpdated>(Assert.Single(events));
        Assert.Equal(CancelReason.Expired, update.Invoice.CancelReason);
        Assert.Null(_ledger.NextDeadline());
    }

    [Fact]
    public void Accepted_invoice_past_the_hold_deadline_is_cancelled_and_refunded()
    {
        var invoice = Create(cltv: 6);
        var deadline = T0.AddHours(2);
        _ledger.Pay("sender", invoice.Bolt11, deadline, T0);
        Assert.Equal(deadline, _ledger.NextDeadline());

        var events = _ledger.Expire(deadline);

        Assert.Equal(CancelReason.HoldDeadlinePassed, Assert.IsType<InvoiceUpdated>(events[0]).Invoice.CancelReason);
        Assert.Equal(PaymentState.Failed, Assert.IsType<PaymentUpdated>(events[1]).Payment.State);
        Assert.Equal(1_000_000, _ledger.GetBalance("sender"));
    }

    [Fact]
    public void Accepted_invoice_does_not_expire_with_its_invoice_expiry()
    {
        var invoice = Create(expirySeconds: 60);
        _ledger.Pay("sender", invoice.Bolt11, null, T0);
        Assert.Empty(_ledger.Expire(T0.AddMinutes(30)));
        Assert.Equal(InvoiceState.Settled, _ledger.Settle("settler", _preimage.Hash, _preimage, T0.AddMinutes(30)).Value.State);
    }

    [Fact]
    public void Several_issuers_hold_invoices_on_the_same_hash()
    {
        _ledger.OpenAccount("middleman", T0);
        var settlerInvoice = Create(amount: 500_000);
        var middlemanInvoice = _ledger.CreateInvoice("middleman", new HodlInvoiceRequest(_preimage.Hash, 510_000, "fee 10000"), T0);
        Assert.NotEqual(settlerInvoice.PaymentSecret, middlemanInvoice.PaymentSecret);
        Assert.Equal(settlerInvoice.PaymentHash, middlemanInvoice.PaymentHash);
        Assert.Equal(settlerInvoice.PaymentSecret, _ledger.FindInvoice(settlerInvoice.PaymentSecret)!.PaymentSecret);
    }

    [Fact]
    public void Reopened_ledger_keeps_its_node_key_network_and_invoices()
    {
        var invoice = Create();
        var nodeId = _ledger.NodeId;
        _ledger.Dispose();
        using var reopened = HodlLedger.Open(_file.Path, T0, new LedgerOptions { Network = Bolt11Network.Bitcoin });
        Assert.Equal(nodeId, reopened.NodeId);
        Assert.Equal(Bolt11Network.Regtest, reopened.Network);
        Assert.Equal(invoice, reopened.GetInvoice("settler", _preimage.Hash));
        Assert.Equal(PaymentState.InFlight, reopened.Pay("sender", invoice.Bolt11, null, T0).Value.State);
    }

    [Fact]
    public void In_memory_ledger_runs_the_same_state_machine()
    {
        using var memory = HodlLedger.OpenInMemory(T0, new LedgerOptions { Network = Bolt11Network.Signet });
        memory.OpenAccount("a", T0);
        memory.OpenAccount("b", T0);
        memory.Fund("a", 10_000, T0);
        var invoice = memory.CreateInvoice("b", new HodlInvoiceRequest(_preimage.Hash, 7_000, "x"), T0);
        Assert.StartsWith("lntbs7", invoice.Bolt11);
        memory.Pay("a", invoice.Bolt11, null, T0);
        memory.Settle("b", _preimage.Hash, _preimage, T0);
        Assert.Equal(7_000, memory.GetBalance("b"));
        Assert.True(memory.Audit().Balanced);
    }

    [Fact]
    public void Invoice_state_machine_only_moves_forward()
    {
        var states = Enum.GetValues<InvoiceState>();
        var allowed = states.SelectMany(from => states.Where(to => from.CanMoveTo(to)).Select(to => $"{from}->{to}"));
        Assert.Equal(["Open->Accepted", "Open->Cancelled", "Accepted->Settled", "Accepted->Cancelled"], allowed);
        Assert.True(InvoiceState.Settled.IsFinal() && InvoiceState.Cancelled.IsFinal() && !InvoiceState.Accepted.IsFinal());
    }
}
