using System.Text;

namespace GigGossip.Payments.Ledger;

/// <summary>The terms of a <see cref="HodlInvoiceRequest"/> that the ledger and the HTLC wallet both refuse.</summary>
public static class InvoiceTerms
{
    /// <summary>Most description a BOLT 11 <c>d</c> field holds: 639 bytes of UTF-8.</summary>
    public const int MaxDescriptionBytes = 639;

    /// <summary>Throws <see cref="WalletError.InvalidArgument"/> for a missing or too long description, or an expiry or CLTV delta out of range.</summary>
    public static void Require(HodlInvoiceRequest request)
    {
        if (request.Description is null || Encoding.UTF8.GetByteCount(request.Description) > MaxDescriptionBytes)
            throw new WalletException(WalletError.InvalidArgument, $"description must be at most {MaxDescriptionBytes} bytes of UTF-8");
        if (request.ExpirySeconds is < 1 or > HodlTiming.MaxExpirySeconds)
            throw new WalletException(WalletError.InvalidArgument, $"expiry must be 1-{HodlTiming.MaxExpirySeconds} seconds");
        if (request.MinFinalCltvExpiryDelta is < 1 or > HodlTiming.MaxCltvExpiryDelta)
            throw new WalletException(WalletError.InvalidArgument, $"min_final_cltv_expiry_delta must be 1-{HodlTiming.MaxCltvExpiryDelta} blocks");
    }
}
