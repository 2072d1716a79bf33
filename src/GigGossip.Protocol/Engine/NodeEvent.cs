using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Engine;

/// <summary>What a node tells its app (and the simulator's metrics, and the daemon's log).</summary>
public abstract record NodeEvent;

/// <summary>A frame was refused; the reason names the check that failed.</summary>
public sealed record FrameRejected(PublicKey From, RejectionReason Reason, string Detail) : NodeEvent;

/// <summary>The sender signed a request and started asking its peers to broadcast it.</summary>
public sealed record BroadcastStarted(string PayloadId) : NodeEvent;

/// <summary>This node broadcast (as sender) or forwarded (as middleman) a payload to a peer.</summary>
public sealed record BroadcastSent(string PayloadId, PublicKey To, bool AsSender) : NodeEvent;

/// <summary>A peer's broadcast passed every check (proof of work, signature, certificate, topic); a worker takes the job.</summary>
public sealed record BroadcastReceived(string PayloadId, PublicKey From, bool TakesJob) : NodeEvent;

/// <summary>This node took the job and sent a reply back along the onion.</summary>
public sealed record ReplySent(string PayloadId, byte[] NetworkPaymentHash) : NodeEvent;

/// <summary>This node routed a reply back and issued its own invoice on the network payment hash.</summary>
public sealed record ReplyRouted(byte[] NetworkPaymentHash, long AmountMsat, long FeeMsat) : NodeEvent;

/// <summary>The sender received a verified offer.</summary>
public sealed record OfferReceived(Offer Offer) : NodeEvent;

/// <summary>The reply deadline passed: all offers, best first.</summary>
public sealed record OffersCollected(string PayloadId, IReadOnlyList<Offer> Offers) : NodeEvent;

/// <summary>The sender paid the network and reply invoices of an offer; money is held.</summary>
public sealed record OfferPaid(string OfferId) : NodeEvent;

/// <summary>The settler took this driver's pickup code for the job: proof of service.</summary>
public sealed record PickupReported(string PayloadId) : NodeEvent;

/// <summary>The settler took this node's statement about a disputed job.</summary>
public sealed record StatementSubmitted(string PayloadId) : NodeEvent;

/// <summary>The settler revealed the key: the worker's contact details are decrypted.</summary>
/// <remarks><paramref name="PickupCode"/> is what the rider tells the driver at pickup; the driver reports it to the settler as proof of service.</remarks>
public sealed record ContactRevealed(string OfferId, string PayloadId, PublicKey Replier, string Contact, long PriceMsat, string? PickupCode = null) : NodeEvent;

/// <summary>A payment this node made or an invoice it issued settled.</summary>
public sealed record MoneySettled(byte[] PaymentHash, bool Incoming, long AmountMsat) : NodeEvent;

/// <summary>A payment or invoice was cancelled and held money returned.</summary>
public sealed record MoneyReturned(byte[] PaymentHash, bool Incoming, string Reason) : NodeEvent;

/// <summary>The sender's report (done or dispute) was acknowledged by the settler.</summary>
public sealed record JobReported(string PayloadId, JobOutcome Outcome) : NodeEvent;

/// <summary>Something this node tried failed in a way the app should see.</summary>
public sealed record NodeWarning(string Message) : NodeEvent;
