using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments;

/// <summary>
/// A wallet whose payments the issuer cannot see by itself (an on-chain HTLC: the contract output shows only a script
/// hash until spent). After paying, the payer hands the issuer a funding notice, one line of text; the issuer's wallet
/// checks it against its invoice before anything counts. Hosts carry the notice: between peers in a
/// <c>FundingNoticeFrame</c>, to a settler over its API.
/// </summary>
public interface IFundingNoticeWallet
{
    /// <summary>The notice for this wallet's payment on the hash, for the invoice's issuer; null when there is none.</summary>
    Task<string?> FundingNoticeAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default);

    /// <summary>True when the notice is well formed and its contract pays this wallet (so it is for one of its invoices).</summary>
    bool IsPayeeOf(string notice);

    /// <summary>
    /// Takes a payer's notice for one of this wallet's invoices: a <see cref="WalletException"/> when it is malformed or
    /// does not pay the invoice as asked; the invoice becomes Accepted once the funding is deep enough.
    /// </summary>
    Task ReportFundingAsync(string notice, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a notice sealed to this wallet's invoice key (<see cref="SealedFundingNotice"/>); a
    /// <see cref="Protocol.Crypto.DecryptionFailedException"/> when it was sealed to another key or changed on the way.
    /// </summary>
    string OpenSealedNotice(ReadOnlySpan<byte> sealedNotice);
}
