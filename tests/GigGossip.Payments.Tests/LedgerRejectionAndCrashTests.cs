using GigGossip.Payments.Ledger;
using GigGossip.Payments.Tests.Support;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments.Tests;

/// <summary>Bad input gets one clear WalletException and changes nothing; a crash inside any state change leaves a consistent ledger.</summary>
public sealed class LedgerRejectionAndCrashTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
    private readonly TempLedgerFile _files = new();
    private readonly HodlLedger _ledger;

    public LedgerRejectionAndCrashTests()
    {
        _ledger = HodlLedger.Open(_files.Path, Now);
        _ledger.OpenAccount("payer", Now);
        _ledger.OpenAccount("issuer", Now);
        _ledger.Fund("payer", 100_000, Now);
    }

    public void Dispose()
    {
        _ledger.Dispose();
        _files.Dispose();
    }

    private (long Accounts, long Held, int Movements) Snapshot()
    {
        var totals = _ledger.Audit().Totals;
        return (totals.AccountsMsat, totals.HeldMsat, totals.Movements);
    }

    private void AssertRefused(WalletError error, Action action)
    {
        var before = Snapshot();
        var refused = Assert.Throws<WalletException>(action);
        Assert.Equal(error, refused.Error);
        Assert.False(string.IsNullOrWhiteSpace(refused.Message));
        Assert.Equal(before, Snapshot());
    }

    private HodlInvoice Invoice(Preimage preimage, long amount = 1_000, long expirySeconds = 3_600) =>
        _ledger.CreateInvoice("issuer", new HodlInvoiceRequest(PaymentHash.Of(preimage), amount, "x", expirySeconds, 1), Now);

    [Fact]
    public void Bad_input_is_refused_and_changes_nothing()
    {
        var preimage = Preimage.Generate();
        var invoice = Invoice(preimage);
        AssertRefused(WalletError.MalformedInvoice, () => _ledger.Pay("payer", "lnbcrt1notaninvoice", null, Now));
        AssertRefused(WalletError.MalformedInvoice, () => _ledger.Pay("payer", invoice.Bolt11[..^3] + "qqq", null, Now));
        AssertRefused(WalletError.NotAccepted, () => _ledger.Settle("issuer", invoice.PaymentHash, preimage, Now));
        AssertRefused(WalletError.UnknownInvoice, () => _ledger.Cancel("issuer", PaymentHash.Of(Preimage.Generate()), Now));
        AssertRefused(WalletError.InvalidAmount, () => Invoice(Preimage.Generate(), amount: -5));
        AssertRefused(WalletError.InvalidAmount, () => Invoice(Preimage.Generate(), amount: 0));
        AssertRefused(WalletError.InvalidAmount, () => _ledger.Fund("payer", long.MaxValue, Now));
        AssertRefused(WalletError.InvalidAmount, () => Invoice(Preimage.Generate(), amount: long.MaxValue));
        AssertRefused(WalletError.InsufficientBalance, () => _ledger.Pay("payer", Invoice(Preimage.Generate(), amount: 200_000).Bolt11, null, Now));
        AssertRefused(WalletError.UnknownAccount, () => _ledger.Pay("nobody", invoice.Bolt11, null, Now));

        _ledger.Pay("payer", invoice.Bolt11, null, Now);
        AssertRefused(WalletError.WrongPreimage, () => _ledger.Settle("issuer", invoice.PaymentHash, Preimage.Generate(), Now));
        AssertRefused(WalletError.AlreadyPaid, () => _ledger.Pay("payer", invoice.Bolt11, null, Now));
    }

    [Fact]
    public void Expired_invoice_cannot_be_paid()
    {
        var invoice = Invoice(Preimage.Generate(), expirySeconds: 60);
        AssertRefused(WalletError.InvoiceExpired, () => _ledger.Pay("payer", invoice.Bolt11, null, Now + TimeSpan.FromMinutes(2)));
    }

    [Theory]
    [InlineData("pay", "invoice accepted")]
    [InlineData("pay", "commit")]
    [InlineData("settle", "invoice settled")]
    [InlineData("settle", "commit")]
    [InlineData("cancel", "invoice cancelled")]
    [InlineData("cancel", "commit")]
    public void Crash_inside_a_state_change_leaves_the_ledger_as_it_was(string operation, string crashAt)
    {
        var preimage = Preimage.Generate();
        var invoice = Invoice(preimage);
        if (operation != "pay") _ledger.Pay("payer", invoice.Bolt11, null, Now);
        var before = Snapshot();
        var stateBefore = _ledger.GetInvoice("issuer", invoice.PaymentHash)!.State;
        var armed = true;
        _ledger.CrashPoint = label =>
        {
            if (armed && label == crashAt) throw new IOException($"simulated crash at {label}");
        };
        Action run = operation switch
        {
            "pay" => () => _ledger.Pay("payer", invoice.Bolt11, null, Now),
            "settle" => () => _ledger.Settle("issuer", invoice.PaymentHash, preimage, Now),
            _ => () => _ledger.Cancel("issuer", invoice.PaymentHash, Now),
        };
        Assert.Throws<IOException>(run);
        armed = false;

        _ledger.Dispose();
        using var reopened = HodlLedger.Open(_files.Path, Now);
        var totals = reopened.Audit().Totals;
        Assert.True(reopened.Audit().Balanced);
        Assert.Equal(before, (totals.AccountsMsat, totals.HeldMsat, totals.Movements));
        Assert.Equal(stateBefore, reopened.GetInvoice("issuer", invoice.PaymentHash)!.State);
    }
}
