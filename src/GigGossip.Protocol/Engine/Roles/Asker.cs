using GigGossip.Protocol.Peers;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using GigGossip.Protocol.Pow;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// The asking side of a broadcast, played by the sender and by every middleman that passes a request on:
/// AskForBroadcast to <c>fanout</c> peers, their conditions checked, the proof of work, the PowBroadcast.
/// </summary>
internal sealed class Asker(NodeContext node, IProofOfWorkVerifier powVerifier)
{
    public const string PowScheme = "sha256";

    /// <summary>Asks this node sent and is waiting on, by ask id.</summary>
    private readonly ExpiringMap<AskId, OutgoingAsk> _outgoingAsks = new();

    /// <summary>Asks this node sent and has not yet had answered and solved, or forgotten.</summary>
    public int OpenAsks => _outgoingAsks.Count;

    /// <summary>What the asks a node sends for one request share (up to <c>fanout</c> of them, most never answered).</summary>
    private sealed record AskedRequest(ParsedRequest Request, KeptOnion IncomingOnion, bool AsSender);

    private sealed class OutgoingAsk(PublicKey peer, AskedRequest asked)
    {
        public PublicKey Peer { get; } = peer;
        public AskedRequest Asked { get; } = asked;
        public ParsedRequest Request => Asked.Request;
        public Answered? Answer { get; set; }
    }

    /// <summary>A peer's conditions for an ask, and the broadcast payload whose proof of work is being solved.</summary>
    private sealed record Answered(PowBroadcastConditionsFrame Conditions, BroadcastPayload Broadcast, byte[] BroadcastBytes);

    public void ForgetExpired(long nowUnixMs) => _outgoingAsks.Purge(nowUnixMs);

    /// <summary>Sends AskForBroadcast for a checked (or own) request to <c>fanout</c> random peers.</summary>
    public void AskPeers(ParsedRequest request, ReadOnlySpan<byte> incomingOnion, PublicKey? except, bool asSender)
    {
        AskedRequest? asked = null;
        foreach (var peer in node.PickPeers(asSender && node.Scores is not null ? int.MaxValue : node.Policy.Fanout, except))
        {
            var askId = node.NewId();
            asked ??= new AskedRequest(request, new KeptOnion(incomingOnion), asSender);
            _outgoingAsks.Set(AskId.FromBytes(askId), new OutgoingAsk(peer, asked), node.Now + node.Policy.AskAnswerTimeoutMs);
            node.Send(peer, DecodedFrame.AskForBroadcast(UnsafeByteOperations.UnsafeWrap(askId), request));
        }
    }

    public void OnPowBroadcastConditions(PublicKey from, PowBroadcastConditionsFrame conditions)
    {
        var askId = AskId.FromBytes(conditions.AskId);
        if (!_outgoingAsks.TryGet(askId, node.Now, out var ask) || ask.Answer is not null)
        {
            node.Reject(from, RejectionReason.UnknownAsk, $"no open ask {askId}");
            return;
        }
        if (!ask.Peer.Equals(from))
        {
            node.Reject(from, RejectionReason.AskFromWrongPeer, $"ask {askId} went to another peer");
            return;
        }
        if (conditions.ValidTillUnixMs < node.Now)
        {
            node.Reject(from, RejectionReason.AskExpired, "conditions already expired");
            return;
        }
        if (conditions.WorkRequest is null || conditions.WorkRequest.PowScheme != PowScheme)
        {
            node.Reject(from, RejectionReason.PowSchemeUnsupported, $"scheme '{conditions.WorkRequest?.PowScheme}'");
            return;
        }
        var policy = node.Policy;
        var target = PowTarget.FromBytes(conditions.WorkRequest.PowTarget.Span);
        if (target.ExpectedTries > Math.Pow(2, policy.MaxPowLeadingZeroBitsAccepted) || conditions.RoutingFeeMsat > policy.MaxRoutingFeeMsatAccepted || conditions.RoutingFeeMsat < 0)
        {
            node.Reject(from, RejectionReason.ConditionsTooExpensive, $"{target.ExpectedTries:G3} expected tries, fee {conditions.RoutingFeeMsat} msat");
            _outgoingAsks.Remove(askId, out _);
            return;
        }
        var (broadcast, payload) = BroadcastFor(ask, from);
        ask.Answer = new Answered(conditions, broadcast, payload);
        _outgoingAsks.Set(askId, ask, node.Now + policy.MemoryWindowMs);
        node.Add(new SolvePow(askId, powVerifier.PayloadDigest(conditions.AskId.Span, target, payload), from, target));
    }

    /// <summary>Grown onion for the next hop, written once: into a scratch buffer, then into the payload's bytes, which the parsed payload then shares.</summary>
    [ThreadStatic] private static byte[]? t_grownOnion;

    /// <summary>The broadcast payload an answered ask sends (the request with the onion grown for <paramref name="middleman"/>) and its bytes.</summary>
    private (BroadcastPayload Broadcast, byte[] Bytes) BroadcastFor(OutgoingAsk ask, PublicKey middleman)
    {
        var onion = t_grownOnion ??= new byte[FixedSizeOnion.Length];
        ask.Asked.IncomingOnion.Grow(node.Id, middleman, onion);
        var broadcast = new BroadcastPayload { SignedRequestPayload = ask.Request.Signed, FixedBackwardOnion = UnsafeByteOperations.UnsafeWrap(onion), Stamp = ask.Request.Stamp };
        var payload = new byte[broadcast.CalculateSize()];
        broadcast.WriteTo(payload.AsSpan());
        broadcast.FixedBackwardOnion = OnionWithin(payload, broadcast.Stamp, onion);
        return (broadcast, payload);
    }

    /// <summary>
    /// The onion's bytes inside the serialised payload (fields are written in number order: the onion, field 3, comes just before
    /// the stamp, field 4), so the scratch buffer is free again; a copy if they are not found there.
    /// </summary>
    private static ByteString OnionWithin(byte[] payload, RequestStamp? stamp, byte[] onion)
    {
        var stampSize = stamp is null ? 0 : CodedOutputStream.ComputeTagSize(BroadcastPayload.StampFieldNumber) + CodedOutputStream.ComputeMessageSize(stamp);
        var start = payload.Length - stampSize - onion.Length;
        return start >= 0 && payload.AsSpan(start, onion.Length).SequenceEqual(onion)
            ? UnsafeByteOperations.UnsafeWrap(payload.AsMemory(start, onion.Length))
            : ByteString.CopyFrom(onion);
    }

    public void OnPowSolved(PowSolved solved)
    {
        if (!_outgoingAsks.Remove(solved.AskId, out var ask) || ask.Answer is not { } answer) return;
        var frame = new PowBroadcastFrame
        {
            AskId = answer.Conditions.AskId,
            BroadcastPayload = UnsafeByteOperations.UnsafeWrap(answer.BroadcastBytes),
            ProofOfWork = new Frames.ProofOfWork { PowScheme = PowScheme, TimestampUnixMs = solved.TimestampUnixMs, Nonce = solved.Nonce },
        };
        node.Send(ask.Peer, DecodedFrame.PowBroadcast(frame, answer.Broadcast, ask.Request));
        node.Emit(new BroadcastSent(ask.Request.PayloadIdHex, ask.Peer, ask.Asked.AsSender));
    }
}
