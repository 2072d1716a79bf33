using GigGossip.Htlc.Bitcoin;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Htlc.Wallet;

/// <summary>The funding notice as text, for hosts that carry it between payer and issuer (<see cref="IFundingNoticeWallet"/>).</summary>
public sealed partial class HtlcHodlWallet : IFundingNoticeWallet
{
    async Task<string?> IFundingNoticeWallet.FundingNoticeAsync(PaymentHash paymentHash, CancellationToken cancellationToken)
    {
        try
        {
            return (await GetFundingNoticeAsync(paymentHash, cancellationToken)).Encode();
        }
        catch (WalletException e) when (e.Error == WalletError.UnknownInvoice)
        {
            return null;
        }
    }

    bool IFundingNoticeWallet.IsPayeeOf(string notice) => TryParse(notice) is { } parsed && parsed.Contract.PayeeKey.SequenceEqual(PublicKey);

    async Task IFundingNoticeWallet.ReportFundingAsync(string notice, CancellationToken cancellationToken) =>
        await ReportFundingAsync(TryParse(notice) ?? throw new WalletException(WalletError.InvalidArgument, "not a funding notice (htlc-funding:WITNESS_SCRIPT_HEX:TXID:VOUT)"),
            cancellationToken);

    string IFundingNoticeWallet.OpenSealedNotice(ReadOnlySpan<byte> sealedNotice) =>
        SealedFundingNotice.Open(sealedNotice, Convert.FromHexString(_coins.Key.SecretHex));

    private static HtlcFundingNotice? TryParse(string notice)
    {
        if (notice.Length > MaxNoticeLength) return null;
        try
        {
            return HtlcFundingNotice.Parse(notice);
        }
        catch (Exception e) when (e is BitcoinFormatException or Contract.HtlcException or FormatException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Longer than any notice: prefix, a witness script of at most 120 bytes in hex, a txid and an output index.</summary>
    public const int MaxNoticeLength = Protocol.Frames.WireLengths.MaxFundingNotice;
}
