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
internal sealed class Asker(NodeContext node)
{
    public const string PowScheme = "sha256";

    /// <summary>Asks this node sent and is waiting on, by ask id.</summary>
    private readonly ExpiringMap<string, OutgoingAsk> _outgoingAsks = new();

    /// <summary>Asks this node sent and has not yet had answered and solved, or forgotten.</summary>
    public int OpenAsks => _outgoingAsks.Count;

    private sealed class OutgoingAsk(PublicKey peer, SignedRequestPayload signedRequest, byte[] incomingOnion, bool asSender)
    {
        public PublicKey Peer { get; } = peer;
        public SignedRequestPayload SignedRequest { get; } = signedRequest;
        public byte[] IncomingOnion { get; } = incomingOnion;
        public bool AsSender { get; } = asSender;
        public PowBroadcastConditionsFrame? Conditions { get; set; }
        public byte[]? BroadcastPayload { get; set; }
    }

    public void ForgetExpired(long nowUnixMs) => _outgoingAsks.Purge(nowUnixMs);

    /// <summary>Sends AskForBroadcast for a signed request to <c>fanout</c> random peers.</summary>
    public void AskPeers(SignedRequestPayload signedRequest, byte[] incomingOnion, PublicKey? except, bool asSender)
    {
        foreach (var peer in node.PickPeers(node.Policy.Fanout, except))
        {
            var askId = node.NewId();
            _outgoingAsks.Set(NodeContext.Hex(askId), new OutgoingAsk(peer, signedRequest, incomingOnion, asSender), node.Now + node.Policy.MemoryWindowMs);
            node.Send(peer, new Frame
            {
                AskForBroadcast = new AskForBroadcastFrame { AskId = ByteString.CopyFrom(askId), SignedRequestPayload = signedRequest },
            });
        }
    }

    public void OnPowBroadcastConditions(PublicKey from, PowBroadcastConditionsFrame conditions)
    {
        var askId = NodeContext.Hex(conditions.AskId);
        if (!_outgoingAsks.TryGet(askId, node.Now, out var ask) || ask.Conditions is not null)
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
        var onion = BackwardOnion.Grow(ask.IncomingOnion, node.Id, from);
        var payload = new BroadcastPayload { SignedRequestPayload = ask.SignedRequest, BackwardOnion = ByteString.CopyFrom(onion) }.ToByteArray();
        ask.Conditions = conditions;
        ask.BroadcastPayload = payload;
        node.Add(new SolvePow(askId, Pow.ProofOfWork.PayloadDigest(conditions.AskId.Span, target, payload), from, target));
    }

    public void OnPowSolved(PowSolved solved)
    {
        if (!_outgoingAsks.Remove(solved.AskId, out var ask) || ask.Conditions is null || ask.BroadcastPayload is null) return;
        node.Send(ask.Peer, new Frame
        {
            PowBroadcast = new PowBroadcastFrame
            {
                AskId = ask.Conditions.AskId,
                BroadcastPayload = ByteString.CopyFrom(ask.BroadcastPayload),
                ProofOfWork = new Frames.ProofOfWork { PowScheme = PowScheme, TimestampUnixMs = solved.TimestampUnixMs, Nonce = solved.Nonce },
            },
        });
        node.Emit(new BroadcastSent(PayloadIdOf(ask.SignedRequest), ask.Peer, ask.AsSender));
    }

    private static string PayloadIdOf(SignedRequestPayload signedRequest) =>
        NodeContext.Hex(RequestPayload.Parser.ParseFrom(signedRequest.RequestPayload).PayloadId);
}
