using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Pow;

namespace GigGossip.Protocol.Engine;

/// <summary>What an engine asks its host to do. The engines themselves never do I/O.</summary>
public abstract record EngineEffect;

/// <summary>Send a frame to a directly connected peer.</summary>
public sealed record SendFrame(PublicKey To, Frame Frame) : EngineEffect;

/// <summary>Find a nonce for the work unit; answer with <see cref="PowSolved"/>.</summary>
public sealed record SolvePow(string AskId, byte[] PayloadDigest, PublicKey Middleman, PowTarget Target) : EngineEffect;

/// <summary>Issue a HODL invoice on the wallet; answer with <see cref="InvoiceCreated"/>.</summary>
public sealed record CreateInvoice(string CorrelationId, byte[] PaymentHash, long AmountMsat, string Description, long ExpiryUnixMs) : EngineEffect;

/// <summary>Pay an invoice, holding the money at most until <paramref name="HoldUntilUnixMs"/>.</summary>
public sealed record PayInvoice(string Bolt11, long HoldUntilUnixMs) : EngineEffect;

/// <summary>Settle an invoice this node issued.</summary>
public sealed record SettleInvoice(byte[] PaymentHash, byte[] Preimage) : EngineEffect;

/// <summary>Cancel an invoice this node issued; a held payment goes back to its payer.</summary>
public sealed record CancelInvoice(byte[] PaymentHash) : EngineEffect;

/// <summary>Call a settler's API; answer with <see cref="SettlerReplied"/>.</summary>
public sealed record CallSettler(string SettlerUri, string CorrelationId, SettlerRequest Request) : EngineEffect;

/// <summary>Fire <see cref="TimerFired"/> at the given time.</summary>
public sealed record SetTimer(string TimerId, long AtUnixMs) : EngineEffect;

/// <summary>Tell the app something happened.</summary>
public sealed record EmitEvent(NodeEvent Event) : EngineEffect;

/// <summary>A settler's answer to a <see cref="SettlerCallReceived"/>.</summary>
public sealed record RespondToCall(string CallId, SettlerResponse Response) : EngineEffect;
