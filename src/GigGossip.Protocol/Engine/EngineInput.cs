using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Engine;

/// <summary>Everything that can happen to a node or a settler. The host feeds inputs with the current time.</summary>
public abstract record EngineInput;

/// <summary>An input a node takes (<see cref="NodeEngine.Handle"/>); a settler's own inputs are not.</summary>
public interface INodeInput
{
}

/// <summary>An input a settler takes (<see cref="Settlement.SettlerEngine.Handle"/>); a node's own inputs are not.</summary>
public interface ISettlerInput
{
}

/// <summary>A frame arrived from a directly connected peer.</summary>
public sealed record FrameReceived(PublicKey From, Frame Frame) : EngineInput, INodeInput
{
    /// <summary>A frame as the codec decoded it: the engine uses the payloads the codec parsed and checked, and parses nothing again.</summary>
    public FrameReceived(PublicKey from, DecodedFrame decoded) : this(from, (decoded ?? throw new ArgumentNullException(nameof(decoded))).Frame) => Decoded = decoded;

    /// <summary>The codec's parse of <see cref="Frame"/>; null for a frame handed over past the codec (an adversary in the simulator), which the engine reads itself.</summary>
    public DecodedFrame? Decoded { get; }
}

/// <summary>A settler's timer set by <see cref="SetTimer"/> fired.</summary>
public sealed record TimerFired(string TimerId) : EngineInput, ISettlerInput;

/// <summary>A node's timer set by <see cref="SetNodeTimer"/> fired.</summary>
public sealed record NodeTimerFired(Correlation Timer) : EngineInput, INodeInput;

/// <summary>The host finished the proof of work asked for by <see cref="SolvePow"/>.</summary>
public sealed record PowSolved(AskId AskId, long TimestampUnixMs, ulong Nonce) : EngineInput, INodeInput;

/// <summary>The wallet created the invoice asked for by <see cref="CreateInvoice"/>.</summary>
public sealed record InvoiceCreated(Correlation CorrelationId, string Bolt11) : EngineInput, INodeInput, ISettlerInput;

/// <summary>The wallet could not create an invoice (e.g. one already exists on that hash).</summary>
public sealed record InvoiceCreationFailed(Correlation CorrelationId, string Reason) : EngineInput, INodeInput, ISettlerInput;

/// <summary>An invoice this node issued changed state (Accepted carries the payer's hold deadline).</summary>
public sealed record IssuedInvoiceChanged(byte[] PaymentHash, InvoiceState State, long? HoldUntilUnixMs) : EngineInput, INodeInput, ISettlerInput;

/// <summary>A payment this node made changed state; Settled carries the preimage.</summary>
public sealed record PaymentChanged(byte[] PaymentHash, InvoiceState State, byte[]? Preimage, string? FailureReason) : EngineInput, INodeInput;

/// <summary>A settler answered a <see cref="CallSettler"/>.</summary>
public sealed record SettlerReplied(Correlation CorrelationId, SettlerResponse Response) : EngineInput, INodeInput;

/// <summary>The app (or CLI) asks the node to do something.</summary>
public abstract record AppCommand : EngineInput, INodeInput;

/// <summary>Broadcast a topic as its sender.</summary>
public sealed record BroadcastTopic(Topic Topic, long ReplyDeadlineUnixMs) : AppCommand;

/// <summary>Stop collecting offers for a topic and tell the peers to stop broadcasting it.</summary>
public sealed record CancelBroadcast(string PayloadId) : AppCommand;

/// <summary>Pay for an offer: the network invoice of its route and the reply invoice.</summary>
public sealed record AcceptOffer(string OfferId) : AppCommand;

/// <summary>The sender reports the job done: the settler settles every invoice.</summary>
public sealed record ReportJobDone(string PayloadId) : AppCommand;

/// <summary>
/// The sender disputes the job: before the key reveal the settler cancels and every held payment goes back; after it the
/// job freezes until the settler's operator (or the written default) decides. <paramref name="Statement"/> goes with it, signed.
/// </summary>
public sealed record DisputeJob(string PayloadId, string? Statement = null) : AppCommand;

/// <summary>The replier (driver) reports the pickup code the rider told it: the proof of service.</summary>
public sealed record ReportPickup(string PayloadId, string Code) : AppCommand;

/// <summary>The sender or the replier of a disputed job tells the settler's operator what happened (signed).</summary>
public sealed record MakeStatement(string PayloadId, string Statement) : AppCommand;

/// <summary>A peer connection came up.</summary>
public sealed record PeerConnected(PublicKey Peer) : EngineInput, INodeInput;

/// <summary>A peer connection went down.</summary>
public sealed record PeerDisconnected(PublicKey Peer) : EngineInput, INodeInput;

/// <summary>A settler's API was called; answer with <see cref="RespondToCall"/>.</summary>
public sealed record SettlerCallReceived(string CallId, SettlerRequest Request) : EngineInput, ISettlerInput;

/// <summary>The wallet did not carry out a <see cref="SettleInvoice"/> or <see cref="CancelInvoice"/>; the engine decides when to try again.</summary>
public sealed record InvoiceCallFailed(byte[] PaymentHash, bool Settle, string Reason) : EngineInput, ISettlerInput;

/// <summary>The settler's operator decides a frozen dispute: settle (the driver is paid) or refund (the sender gets the money back).</summary>
public sealed record OperatorDecision(string CallId, byte[] NetworkPaymentHash, bool Settle) : EngineInput, ISettlerInput;
