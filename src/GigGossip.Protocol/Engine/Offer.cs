using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// A verified reply as the sender sees it before paying: the promised price, what the network asks,
/// and the invoices to pay. The contact details stay encrypted until the settler reveals the key.
/// </summary>
public sealed record Offer(
    string OfferId,
    string PayloadId,
    byte[] NetworkPaymentHash,
    string NetworkInvoice,
    long NetworkAmountMsat,
    long SettlerAmountMsat,
    string ReplyInvoice,
    byte[] ReplyPaymentHash,
    long PriceMsat,
    string SettlerUri,
    PublicKey SettlerPublicKey,
    byte[] EncryptedReplyPayload,
    long ReceivedAtUnixMs,
    long MinHoldUntilUnixMs = 0)
{
    /// <summary>What the middlemen and the replier add on top of the settler's amount.</summary>
    public long RoutingFeesMsat => NetworkAmountMsat - SettlerAmountMsat;
}
