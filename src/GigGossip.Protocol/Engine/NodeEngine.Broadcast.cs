using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using GigGossip.Protocol.Pow;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine;

/// <summary>The originator's side of the broadcast: AskForBroadcast, conditions, proof of work.</summary>
public sealed partial class NodeEngine
{
    private const string PowScheme = "sha256";

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

    /// <summary>Sends AskForBroadcast for a signed request to <c>fanout</c> random peers.</summary>
    private void AskPeers(SignedRequestPayload signedRequest, byte[] incomingOnion, PublicKey? except, bool asSender)
    {
        foreach (var peer in PickPeers(asSender && Scores is not null ? int.MaxValue : Policy.Fanout, except))
        {
            var askId = NewId();
            _outgoingAsks.Set(Hex(askId), new OutgoingAsk(peer, signedRequest, incomingOnion, asSender), _now + Policy.MemoryWindowMs);
            Send(peer, new Frame
            {
                AskForBroadcast = new AskForBroadcastFrame { AskId = ByteString.CopyFrom(askId), SignedRequestPayload = signedRequest },
            });
        }
    }

    private void OnPowBroadcastConditions(PublicKey from, PowBroadcastConditionsFrame conditions)
    {
        var askId = Hex(conditions.AskId);
        if (!_outgoingAsks.TryGet(askId, _now, out var ask) || ask.Conditions is not null)
        {
            Reject(from, RejectionReason.UnknownAsk, $"no open ask {askId}");
            return;
        }
        if (!ask.Peer.Equals(from))
        {
            Reject(from, RejectionReason.AskFromWrongPeer, $"ask {askId} went to another peer");
            return;
        }
        if (conditions.ValidTillUnixMs < _now)
        {
            Reject(from, RejectionReason.AskExpired, "conditions already expired");
            return;
        }
        if (conditions.WorkRequest is null || conditions.WorkRequest.PowScheme != PowScheme)
        {
            Reject(from, RejectionReason.PowSchemeUnsupported, $"scheme '{conditions.WorkRequest?.PowScheme}'");
            return;
        }
        var target = PowTarget.FromBytes(conditions.WorkRequest.PowTarget.Span);
        if (target.ExpectedTries > Math.Pow(2, Policy.MaxPowLeadingZeroBitsAccepted) || conditions.RoutingFeeMsat > Policy.MaxRoutingFeeMsatAccepted || conditions.RoutingFeeMsat < 0)
        {
            Reject(from, RejectionReason.ConditionsTooExpensive, $"{target.ExpectedTries:G3} expected tries, fee {conditions.RoutingFeeMsat} msat");
            _outgoingAsks.Remove(askId, out _);
            return;
        }
        var onion = BackwardOnion.Grow(ask.IncomingOnion, Id, from);
        var payload = new BroadcastPayload { SignedRequestPayload = ask.SignedRequest, BackwardOnion = ByteString.CopyFrom(onion) }.ToByteArray();
        ask.Conditions = conditions;
        ask.BroadcastPayload = payload;
        _effects.Add(new SolvePow(askId, Pow.ProofOfWork.PayloadDigest(conditions.AskId.Span, target, payload), from, target));
    }

    private void OnPowSolved(PowSolved solved)
    {
        if (!_outgoingAsks.Remove(solved.AskId, out var ask) || ask.Conditions is null || ask.BroadcastPayload is null) return;
        Send(ask.Peer, new Frame
        {
            PowBroadcast = new PowBroadcastFrame
            {
                AskId = ask.Conditions.AskId,
                BroadcastPayload = ByteString.CopyFrom(ask.BroadcastPayload),
                ProofOfWork = new Frames.ProofOfWork { PowScheme = PowScheme, TimestampUnixMs = solved.TimestampUnixMs, Nonce = solved.Nonce },
            },
        });
        Emit(new BroadcastSent(PayloadIdOf(ask.SignedRequest), ask.Peer, ask.AsSender));
    }

    private static string PayloadIdOf(SignedRequestPayload signedRequest) =>
        Hex(RequestPayload.Parser.ParseFrom(signedRequest.RequestPayload).PayloadId);
}
