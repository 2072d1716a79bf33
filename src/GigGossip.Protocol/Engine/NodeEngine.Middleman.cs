using GigGossip.Protocol.Peers;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using GigGossip.Protocol.Pow;
using GigGossip.Protocol.Topics;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine;

/// <summary>The middleman's side of the broadcast: conditions, checks, forwarding to <c>fanout</c> peers.</summary>
public sealed partial class NodeEngine
{
    /// <summary>Conditions this node offered, by (peer, ask id); used once.</summary>
    private readonly ExpiringMap<string, IssuedConditions> _issuedConditions = new();

    /// <summary>Proofs already spent, by (peer, ask id), until their time window closes (chatterbox defence).</summary>
    private readonly ExpiringMap<string, bool> _spentProofs = new();

    /// <summary>How often each payload id was broadcast by this node (multibroadcast), and who sent it.</summary>
    private readonly ExpiringMap<string, SeenPayload> _seenPayloads = new();

    private sealed record IssuedConditions(PowTarget Target, long ValidTillUnixMs, long ToleranceMs);

    private sealed record SeenPayload(int Broadcasts, PublicKey Sender, bool Cancelled, long ValidUntilUnixMs);

    /// <summary>A payload id is remembered for the chatterbox window and at least as long as its request is valid (money rule "replays").</summary>
    private long RememberUntil(SeenPayload seen) => Math.Max(_now + Policy.MemoryWindowMs, seen.ValidUntilUnixMs + 1);

    public int RememberedPayloads => _seenPayloads.Count;

    public int RememberedProofs => _spentProofs.Count;

    /// <summary>Conditions offered to peers and not yet used or expired.</summary>
    public int RememberedConditions => _issuedConditions.Count;

    /// <summary>Peers with an ask rate-limit bucket (bounded by the peers connected).</summary>
    public int RateLimitedPeers => _askLimiter?.Peers ?? 0;

    /// <summary>
    /// Forgets now every remembered payload id, spent proof, offered condition and open ask whose window closed at
    /// <paramref name="nowUnixMs"/> (the engine also does this as frames arrive); for diagnostics of how much it holds.
    /// </summary>
    public void ForgetExpired(long nowUnixMs)
    {
        _seenPayloads.Purge(nowUnixMs);
        _spentProofs.Purge(nowUnixMs);
        _issuedConditions.Purge(nowUnixMs);
        _outgoingAsks.Purge(nowUnixMs);
    }

    private PeerRateLimiter? _askLimiter;

    private void OnAskForBroadcast(PublicKey from, AskForBroadcastFrame ask)
    {
        _askLimiter ??= new PeerRateLimiter(Policy.AsksPerSecondPerPeer, Policy.AskBurstPerPeer);
        if (!_askLimiter.TryTake(from, _now))
        {
            Reject(from, RejectionReason.RateLimited, "too many AskForBroadcast frames");
            return;
        }
        if (ValidateRequest(from, ask.SignedRequestPayload) is not { } request) return;
        if (!MayBroadcast(from, Hex(request.Payload!.PayloadId))) return;
        var target = PowTarget.FromLeadingZeroBits(Policy.PowLeadingZeroBits);
        var conditions = new IssuedConditions(target, _now + Policy.AskValidityMs, Policy.TimestampToleranceMs);
        _issuedConditions.Set(ProofKey(from, ask.AskId), conditions, conditions.ValidTillUnixMs);
        Send(from, new Frame
        {
            PowBroadcastConditions = new PowBroadcastConditionsFrame
            {
                AskId = ask.AskId,
                ValidTillUnixMs = conditions.ValidTillUnixMs,
                WorkRequest = new WorkRequest { PowScheme = PowScheme, PowTarget = ByteString.CopyFrom(target.Bytes) },
                TimestampToleranceMs = conditions.ToleranceMs,
                RoutingFeeMsat = Policy.RoutingFeeMsat,
            },
        });
    }

    private void OnPowBroadcast(PublicKey from, PowBroadcastFrame frame)
    {
        var key = ProofKey(from, frame.AskId);
        if (_spentProofs.ContainsKey(key, _now))
        {
            Reject(from, RejectionReason.ReplayedPow, $"ask {Hex(frame.AskId)} already used");
            return;
        }
        if (!_issuedConditions.TryGet(key, _now, out var conditions))
        {
            Reject(from, RejectionReason.UnknownAsk, $"no conditions were offered for ask {Hex(frame.AskId)}");
            return;
        }
        _issuedConditions.Remove(key, out _);
        if (_now > conditions.ValidTillUnixMs)
        {
            Reject(from, RejectionReason.AskExpired, "the conditions' valid_till passed");
            return;
        }
        if (!CheckProofOfWork(from, frame, conditions)) return;
        _spentProofs.Set(key, true, frame.ProofOfWork.TimestampUnixMs + conditions.ToleranceMs + 1);

        BroadcastPayload payload;
        try { payload = frame.ReadBroadcastPayload(); }
        catch (FrameFormatException e)
        {
            Reject(from, RejectionReason.MalformedPayload, e.Message);
            return;
        }
        try { BackwardOnion.Depth(payload.BackwardOnion.Span); }
        catch (OnionException e)
        {
            // Refused here, at the first hop that sees it, rather than forwarded to fail later at another.
            Reject(from, RejectionReason.MalformedOnion, e.Message);
            return;
        }
        if (ValidateRequest(from, payload.SignedRequestPayload) is not { } request) return;
        var payloadId = Hex(request.Payload!.PayloadId);
        if (!MayBroadcast(from, payloadId)) return;
        var seen = _seenPayloads.TryGet(payloadId, _now, out var s) ? s : new SeenPayload(0, request.SenderPublicKey!, false, request.Payload.ValidUntilUnixMs);
        _seenPayloads.Set(payloadId, seen with { Broadcasts = seen.Broadcasts + 1 }, RememberUntil(seen));
        if (seen.Broadcasts == 0) Credit(from, PeerActivity.FirstDelivery);
        var worker = Worker is { } w && w.TakesJob(request.Payload.Topic) ? w : null;
        Emit(new BroadcastReceived(payloadId, from, worker is not null));

        if (worker is not null)
            StartReply(from, payload, request, worker);
        else if (payload.BackwardOnion.Length >= BackwardOnion.MaxLength)
            Reject(from, RejectionReason.HopLimit, $"the onion has {BackwardOnion.MaxDepth} layers; not forwarded");
        else
            AskPeers(payload.SignedRequestPayload, payload.BackwardOnion.ToByteArray(), except: from, asSender: false);
    }

    private bool CheckProofOfWork(PublicKey from, PowBroadcastFrame frame, IssuedConditions conditions)
    {
        var proof = frame.ProofOfWork;
        if (proof is null)
        {
            Reject(from, RejectionReason.MissingPow, "the broadcast carries no proof of work");
            return false;
        }
        if (proof.PowScheme != PowScheme)
        {
            Reject(from, RejectionReason.PowSchemeUnsupported, $"scheme '{proof.PowScheme}'");
            return false;
        }
        var digest = Pow.ProofOfWork.PayloadDigest(frame.AskId.Span, conditions.Target, frame.BroadcastPayload.Span);
        var verdict = _powVerifier.Verify(digest, Id, proof.TimestampUnixMs, proof.Nonce, conditions.Target, _now, conditions.ToleranceMs);
        var reason = verdict switch
        {
            PowVerdict.Valid => (RejectionReason?)null,
            PowVerdict.HashAboveTarget => RejectionReason.PowAboveTarget,
            PowVerdict.TimestampInFuture => RejectionReason.PowTimestampInFuture,
            _ => RejectionReason.PowTimestampExpired,
        };
        if (reason is { } r) Reject(from, r, $"proof of work: {verdict}");
        return reason is null;
    }

    /// <summary>False (and a rejection) when this node already broadcast the payload as often as its policy allows.</summary>
    private bool MayBroadcast(PublicKey from, string payloadId)
    {
        if (_seenPayloads.TryGet(payloadId, _now, out var seen) && (seen.Cancelled || seen.Broadcasts >= Policy.Multibroadcast))
        {
            Reject(from, RejectionReason.MultibroadcastLimit, seen.Cancelled ? "payload was cancelled by its sender" : $"payload broadcast {seen.Broadcasts} times");
            return false;
        }
        return true;
    }

    /// <summary>Checks the request's certificate, signature and topic; null (and a rejection) when any fails.</summary>
    private RequestVerification? ValidateRequest(PublicKey from, SignedRequestPayload? signedRequest)
    {
        if (signedRequest is null)
        {
            Reject(from, RejectionReason.MalformedPayload, "no signed request");
            return null;
        }
        var request = SignedRequests.Verify(signedRequest);
        if (request.Verdict == RequestVerdict.Malformed)
        {
            Reject(from, RejectionReason.MalformedPayload, "the signed request does not parse");
            return null;
        }
        if (!request.IsValid)
        {
            Reject(from, RejectionReason.BadRequestSignature, "request signature does not verify under the sender certificate");
            return null;
        }
        var verdict = VerifyCertificate(request.Payload.SenderCertificate);
        if (verdict != CertificateVerdict.Valid)
        {
            Reject(from, RejectionReason.CertificateRejected, $"sender certificate: {verdict}");
            return null;
        }
        var topic = Policy.Topics.Check(request.Payload.Topic);
        if (topic != TopicVerdict.Accepted)
        {
            Reject(from, RejectionReason.TopicRejected, $"topic: {topic}");
            return null;
        }
        var validUntil = request.Payload.ValidUntilUnixMs;
        if (validUntil < _now || validUntil > _now + Policy.MaxRequestValidityMs)
        {
            Reject(from, RejectionReason.RequestExpired, validUntil < _now
                ? $"the request was valid until {validUntil}, now is {_now}"
                : $"the request claims validity until {validUntil}, more than {Policy.MaxRequestValidityMs} ms ahead");
            return null;
        }
        return request;
    }

    private CertificateVerdict VerifyCertificate(SignedCertificate certificate) =>
        CertificateVerifier.Verify(certificate, Policy.TrustedSettlers, DateTimeOffset.FromUnixTimeMilliseconds(_now));

    private static string ProofKey(PublicKey from, ByteString askId) => from.ToHex() + Hex(askId);

    private void OnCancelBroadcast(PublicKey from, CancelBroadcastFrame cancel)
    {
        var payloadId = Hex(cancel.PayloadId);
        if (!_seenPayloads.TryGet(payloadId, _now, out var seen) || seen.Cancelled) return;
        if (!CancelBroadcasts.Verify(cancel, seen.Sender))
        {
            Reject(from, RejectionReason.UnauthorisedCancel, "cancel not signed by the payload's sender");
            return;
        }
        _seenPayloads.Set(payloadId, seen with { Cancelled = true }, RememberUntil(seen));
        foreach (var peer in _peers.Where(p => !p.Equals(from))) Send(peer, new Frame { CancelBroadcast = cancel });
    }
}
