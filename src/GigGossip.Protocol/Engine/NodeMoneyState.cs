using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// The part of a node's state that money depends on, as plain data: what a host saves after each input
/// that changes it and hands to a fresh engine after a restart (<see cref="NodeEngine.ExportMoneyState"/>,
/// <see cref="NodeEngine.ImportMoneyState"/>). Everything else a node remembers (seen payloads, spent proofs,
/// open asks, offers not taken) expires within minutes and is not kept.
/// </summary>
public sealed record NodeMoneyState(
    IReadOnlyList<RouteState> Routes,
    IReadOnlyList<SenderJobState> SenderJobs,
    IReadOnlyList<ReplierJobState> ReplierJobs)
{
    public static NodeMoneyState Empty { get; } = new([], [], []);

    public bool IsEmpty => Routes.Count == 0 && SenderJobs.Count == 0 && ReplierJobs.Count == 0;
}

/// <summary>
/// A reply this node routed back (or sent as replier) and whose money is not settled or cancelled yet: its own
/// invoice upstream on <paramref name="PaymentHash"/> for <paramref name="MyAmountMsat"/>, and the downstream
/// invoice on the same hash it pays once its own is Accepted.
/// </summary>
public sealed record RouteState(
    byte[] PaymentHash,
    string DownstreamInvoice,
    long DownstreamAmountMsat,
    long MyAmountMsat,
    PublicKey Upstream,
    bool PaidDownstream);

/// <summary>
/// A request this node sent and whose offer it accepted: the offer paid, the signed request (the reply must
/// answer it byte for byte), the network key once the settler revealed it, and which of the two payments
/// (network, reply) are settled or cancelled. <paramref name="RequestKey"/> is the one-time secret key the request is signed
/// with (replies are sealed to it; docs/protocol/privacy.md), or null when it was signed with the node's own key.
/// </summary>
public sealed record SenderJobState(
    byte[] SignedRequest,
    long ReplyDeadlineUnixMs,
    Offer Offer,
    byte[]? NetworkPreimage,
    bool NetworkPaymentResolved,
    bool ReplyPaymentResolved,
    byte[]? RequestKey = null);

/// <summary>A job this node took as replier whose reply invoice exists, on the terms it took it.</summary>
public sealed record ReplierJobState(
    string PayloadId,
    byte[] SignedRequest,
    PublicKey Sender,
    byte[] ReplyPaymentHash,
    string ReplyInvoice,
    byte[] ReplyPayload,
    long PriceMsat,
    string SettlerUri);
