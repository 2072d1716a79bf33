using GigGossip.Payments.Ledger;
using GigGossip.Payments.Tests.Support;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments.Tests;

/// <summary>Invoice terms no Lightning invoice can carry are refused before anything is stored, and move no money.</summary>
public sealed class InvoiceTermsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = TestTime.T0;
    private readonly HodlLedger _ledger = HodlLedger.OpenInMemory(T0);

    public InvoiceTermsTests()
    {
        _ledger.OpenAccount("issuer", T0);
        _ledger.OpenAccount("payer", T0);
        _ledger.Fund("payer", 1_000_000, T0);
    }

    public void Dispose() => _ledger.Dispose();

    [Theory]
    [InlineData(640, 3600, 18, "description must be at most 639 bytes")]
    [InlineData(8, 0, 18, "expiry must be 1-")]
    [InlineData(8, HodlTiming.MaxExpirySeconds + 1, 18, "expiry must be 1-")]
    [InlineData(8, 3600, 0, "min_final_cltv_expiry_delta must be 1-2016")]
    [InlineData(8, 3600, HodlTiming.MaxCltvExpiryDelta + 1, "min_final_cltv_expiry_delta must be 1-2016")]
    public void Impossible_terms_are_refused_store_nothing_and_move_no_money(int descriptionBytes, long expirySeconds, int cltv, string reason)
    {
        var hash = Preimage.Generate().Hash;
        var request = new HodlInvoiceRequest(hash, 600_000, new string('x', descriptionBytes), expirySeconds, cltv);

        var refused = Assert.Throws<WalletException>(() => _ledger.CreateInvoice("issuer", request, T0));

        Assert.Equal(WalletError.InvalidArgument, refused.Error);
        Assert.Contains(reason, refused.Message);
        Assert.Null(_ledger.GetInvoice("issuer", hash));
        Assert.Equal((1_000_000, 0), (_ledger.GetBalance("payer"), _ledger.GetBalance("issuer")));
        Assert.True(_ledger.Audit().Balanced);
    }

    [Theory]
    [InlineData(639, 1, 1)]
    [InlineData(0, HodlTiming.MaxExpirySeconds, HodlTiming.MaxCltvExpiryDelta)]
    public void Terms_at_the_limits_are_accepted(int descriptionBytes, long expirySeconds, int cltv)
    {
        var hash = Preimage.Generate().Hash;
        var request = new HodlInvoiceRequest(hash, 600_000, new string('x', descriptionBytes), expirySeconds, cltv);

        InvoiceTerms.Require(request);
        Assert.Equal(InvoiceState.Open, _ledger.CreateInvoice("issuer", request, T0).State);
    }

    [Fact]
    public void A_missing_description_is_refused()
    {
        var refused = Assert.Throws<WalletException>(() => InvoiceTerms.Require(new HodlInvoiceRequest(Preimage.Generate().Hash, 600_000, null!, 3600, 18)));
        Assert.Equal(WalletError.InvalidArgument, refused.Error);
    }
}
