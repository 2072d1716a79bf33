using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Pow;

namespace GigGossip.Protocol.Engine;

/// <summary>What an engine asks its host to do. The engines themselves never do I/O.</summary>
public abstract record EngineEffect;

/// <summary>Send a frame to a directly connected peer.</summary>
public sealed record SendFrame(PublicKey To, Frame Frame) : EngineEffect
{
    /// <summary>A frame the engine built from parts it already checked; the host encodes it without checking again.</summary>
    public SendFrame(PublicKey to, DecodedFrame decoded) : this(to, (decoded ?? throw new ArgumentNullException(nameof(decoded))).Frame) => Decoded = decoded;

    /// <summary>The checked parts of <see cref="Frame"/>, or null when the host must check it as it encodes.</summary>
    public DecodedFrame? Decoded { get; }

    /// <summary>The bytes to send: a frame built from checked parts is not checked again, any other is (<see cref="FrameCodec.Encode(Frame, FrameLimits?)"/>).</summary>
    public byte[] Encode(FrameLimits? limits = null) => Decoded is { } decoded ? FrameCodec.Encode(decoded, limits) : FrameCodec.Encode(Frame, limits);
}

/// <summary>Find a nonce for the work unit; answer with <see cref="PowSolved"/>.</summary>
public sealed record SolvePow(AskId AskId, byte[] PayloadDigest, PublicKey Middleman, PowTarget Target) : EngineEffect;

/// <summary>Issue a HODL invoice on the wallet; answer with <see cref="InvoiceCreated"/>.</summary>
public sealed record CreateInvoice(Correlation CorrelationId, byte[] PaymentHash, long AmountMsat, string Description, long ExpiryUnixMs) : EngineEffect;

/// <summary>Pay an invoice, holding the money at most until <paramref name="HoldUntilUnixMs"/>.</summary>
public sealed record PayInvoice(string Bolt11, long HoldUntilUnixMs) : EngineEffect;

/// <summary>Settle an invoice this node issued.</summary>
public sealed record SettleInvoice(byte[] PaymentHash, byte[] Preimage) : EngineEffect;

/// <summary>Cancel an invoice this node issued; a held payment goes back to its payer.</summary>
public sealed record CancelInvoice(byte[] PaymentHash) : EngineEffect;

/// <summary>Call a settler's API; answer with <see cref="SettlerReplied"/>.</summary>
public sealed record CallSettler(string SettlerUri, Correlation CorrelationId, SettlerRequest Request) : EngineEffect;

/// <summary>A settler's timer: fire <see cref="TimerFired"/> at the given time.</summary>
public sealed record SetTimer(string TimerId, long AtUnixMs) : EngineEffect;

/// <summary>A node's timer: fire <see cref="NodeTimerFired"/> with <paramref name="Timer"/> at the given time.</summary>
public sealed record SetNodeTimer(Correlation Timer, long AtUnixMs) : EngineEffect;

/// <summary>Close the connection to <paramref name="Peer"/>: it sent too many frames the node refused through its own fault.</summary>
public sealed record DropPeer(PublicKey Peer, string Reason) : EngineEffect;

/// <summary>Tell the app something happened.</summary>
public sealed record EmitEvent(NodeEvent Event) : EngineEffect;

/// <summary>A settler's answer to a <see cref="SettlerCallReceived"/>.</summary>
public sealed record RespondToCall(string CallId, SettlerResponse Response) : EngineEffect;
