using GigGossip.Protocol.Peers;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using GigGossip.Protocol.Pow;
using GigGossip.Protocol.Topics;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// The middleman's side of the broadcast: conditions for an ask, the checks of a PowBroadcast (proof of work,
/// replays, certificate, signature, topic, multibroadcast), then the job to this node's replier or the request
/// on to <c>fanout</c> peers; and cancels passed on.
/// </summary>
internal sealed class Middleman(NodeContext node, IProofOfWorkVerifier powVerifier, Asker asker, Replier replier)
{
    /// <summary>Conditions this node offered, by (peer, ask id); used once. Left unused until they expire, they count against the peer.</summary>
    private readonly ExpiringMap<ProofKey, IssuedConditions> _issuedConditions = new((_, c) => node.Scores?.Record(c.Peer, PeerActivity.AskTimeout, c.ValidTillUnixMs));

    /// <summary>Proofs already spent, by (peer, ask id), until their time window closes (chatterbox defence).</summary>
    private readonly ExpiringMap<ProofKey, bool> _spentProofs = new();

    /// <summary>How often each payload id was broadcast by this node (multibroadcast), and who sent it.</summary>
    private readonly ExpiringMap<PayloadKey, SeenPayload> _seenPayloads = new();

    /// <summary>When this node first heard of each payload (scoring only): the delivery deficit's clock.</summary>
    private readonly ExpiringMap<PayloadKey, long> _heardAt = new();

    private PeerRateLimiter? _askLimiter;

    /// <param name="Asked">The request as the ask carried it, checked: a PowBroadcast carrying the same bytes keeps its signatures' verdicts.</param>
    private sealed record IssuedConditions(PublicKey Peer, PowTarget Target, long ValidTillUnixMs, long ToleranceMs, ParsedRequest? Asked);

    private readonly record struct SeenPayload(int Broadcasts, PublicKey Sender, bool Cancelled, long ValidUntilUnixMs);

    public int RememberedPayloads => _seenPayloads.Count;

    public int RememberedProofs => _spentProofs.Count;

    public int RememberedConditions => _issuedConditions.Count;

    public int RateLimitedPeers => _askLimiter?.Peers ?? 0;

    public void ForgetExpired(long nowUnixMs)
    {
        _seenPayloads.Purge(nowUnixMs);
        _spentProofs.Purge(nowUnixMs);
        _issuedConditions.Purge(nowUnixMs);
        _heardAt.Purge(nowUnixMs);
    }

    public void ForgetPeer(PublicKey peer) => _askLimiter?.Forget(peer);

    /// <summary>The sender never broadcasts its own payload again when it comes back around.</summary>
    public void RememberOwn(PayloadKey payloadId, long validUntilUnixMs)
    {
        _seenPayloads.Set(payloadId, new SeenPayload(int.MaxValue, node.Id, false, validUntilUnixMs), validUntilUnixMs + node.Policy.MemoryWindowMs);
        if (node.Scores is not null) _heardAt.Set(payloadId, node.Now, validUntilUnixMs + node.Policy.MemoryWindowMs);
    }

    /// <summary>
    /// A peer passed on a valid request (an ask): the first to tell this node of it makes every other mesh peer miss it until they
    /// pass it on too; passing it on within the delivery window counts as a delivery (scoring only).
    /// </summary>
    private void Heard(PublicKey from, PayloadKey payloadId, long validUntilUnixMs)
    {
        if (node.Scores is not { } scores) return;
        if (!_heardAt.TryGet(payloadId, node.Now, out var heardAt))
        {
            heardAt = node.Now;
            _heardAt.Set(payloadId, heardAt, Math.Max(node.Now + node.Policy.MemoryWindowMs, validUntilUnixMs + 1));
            scores.BroadcastHeard(from, node.Now);
        }
        if (node.Now - heardAt <= scores.Params.DeliveryWindowMs) scores.Record(from, PeerActivity.Delivery, node.Now);
    }

    /// <summary>A payload id is remembered for the chatterbox window and at least as long as its request is valid (money rule "replays").</summary>
    private long RememberUntil(SeenPayload seen) => Math.Max(node.Now + node.Policy.MemoryWindowMs, seen.ValidUntilUnixMs + 1);

    public void OnAskForBroadcast(PublicKey from, AskForBroadcastFrame ask, ParsedRequest? parsed)
    {
        var policy = node.Policy;
        _askLimiter ??= new PeerRateLimiter(policy.AsksPerSecondPerPeer, policy.AskBurstPerPeer);
        if (!_askLimiter.TryTake(from, node.Now))
        {
            node.Reject(from, RejectionReason.RateLimited, "too many AskForBroadcast frames");
            return;
        }
        if (ValidateRequest(from, ask.SignedRequestPayload, parsed) is not { } request) return;
        if (!CheckStamp(from, request, ask.SignedRequestPayload, ask.Stamp)) return;
        node.Credit(from, PeerActivity.Ask);
        var payloadId = PayloadKey.From(request.Payload!.PayloadId);
        Heard(from, payloadId, request.Payload.ValidUntilUnixMs);
        if (!MayBroadcast(from, payloadId)) return;
        var target = PowTarget.FromLeadingZeroBits(PowBitsFor(from));
        var conditions = new IssuedConditions(from, target, node.Now + policy.AskValidityMs, policy.TimestampToleranceMs, parsed);
        _issuedConditions.Set(new ProofKey(from, AskId.FromBytes(ask.AskId)), conditions, conditions.ValidTillUnixMs);
        node.Send(from, new Frame
        {
            PowBroadcastConditions = new PowBroadcastConditionsFrame
            {
                AskId = ask.AskId,
                ValidTillUnixMs = conditions.ValidTillUnixMs,
                WorkRequest = new WorkRequest { PowScheme = Asker.PowScheme, PowTarget = ByteString.CopyFrom(target.Bytes) },
                TimestampToleranceMs = conditions.ToleranceMs,
                RoutingFeeMsat = policy.RoutingFeeMsat,
            },
        });
    }

    /// <summary>
    /// The leading zero bits asked of a peer: the policy's, or with <see cref="NodePolicy.PowPricing"/> and scoring on, priced by
    /// the peer's recent asks and its score (a peer asking far beyond the free volume pays more per ask; a good track record less).
    /// </summary>
    private int PowBitsFor(PublicKey peer)
    {
        if (node.Policy.PowPricing is not { } pricing || node.Scores is not { } scores) return node.Policy.PowLeadingZeroBits;
        var parts = scores.Parts(peer, node.Now);
        return pricing.BitsFor(parts.Total, parts.RecentAsks);
    }

    /// <summary>A PowBroadcast; <paramref name="decoded"/> holds its payloads as the codec parsed them (null reads them here).</summary>
    public void OnPowBroadcast(PublicKey from, PowBroadcastFrame frame, DecodedFrame? decoded)
    {
        var key = new ProofKey(from, AskId.FromBytes(frame.AskId));
        if (_spentProofs.ContainsKey(key, node.Now))
        {
            node.Reject(from, RejectionReason.ReplayedPow, $"ask {NodeContext.Hex(frame.AskId)} already used");
            return;
        }
        if (!_issuedConditions.TryGet(key, node.Now, out var conditions))
        {
            node.Reject(from, RejectionReason.UnknownAsk, $"no conditions were offered for ask {NodeContext.Hex(frame.AskId)}");
            return;
        }
        _issuedConditions.Remove(key, out _);
        if (node.Now > conditions.ValidTillUnixMs)
        {
            node.Reject(from, RejectionReason.AskExpired, "the conditions' valid_till passed");
            return;
        }
        if (!CheckProofOfWork(from, frame, conditions)) return;
        _spentProofs.Set(key, true, frame.ProofOfWork.TimestampUnixMs + conditions.ToleranceMs + 1);

        BroadcastPayload payload;
        try { payload = decoded?.Broadcast ?? frame.ReadBroadcastPayload(); }
        catch (FrameFormatException e)
        {
            node.Reject(from, RejectionReason.MalformedPayload, e.Message);
            return;
        }
        if (FixedOnions.Problem(payload.BackwardOnion, payload.FixedBackwardOnion) is { } onionProblem)
        {
            // Refused here, at the first hop that sees it, rather than forwarded to fail later at another.
            node.Reject(from, onionProblem.Reason, onionProblem.Detail);
            return;
        }
        var broadcastRequest = AsAsked(decoded?.Request, conditions.Asked);
        if (ValidateRequest(from, payload.SignedRequestPayload, broadcastRequest) is not { } request) return;
        if (!CheckStamp(from, request, payload.SignedRequestPayload, payload.Stamp)) return;
        var payloadId = PayloadKey.From(request.Payload!.PayloadId);
        if (!MayBroadcast(from, payloadId)) return;
        var seen = _seenPayloads.TryGet(payloadId, node.Now, out var s) ? s : new SeenPayload(0, request.SenderPublicKey!, false, request.Payload.ValidUntilUnixMs);
        _seenPayloads.Set(payloadId, seen with { Broadcasts = seen.Broadcasts + 1 }, RememberUntil(seen));
        if (seen.Broadcasts == 0) node.Credit(from, PeerActivity.FirstDelivery);
        var worker = node.Worker is { } w && w.TakesJob(request.Payload.Topic) ? w : null;
        node.Emit(new BroadcastReceived(decoded?.Request?.PayloadIdHex ?? NodeContext.Hex(request.Payload.PayloadId), from, worker is not null));

        if (worker is not null)
        {
            replier.StartReply(from, payload, request, worker);
            return;
        }
        // The request as the codec (or, in the simulator, the sending hop) parsed it with the payload's stamp, shared along the flood.
        var parsed = broadcastRequest ?? new ParsedRequest(payload.SignedRequestPayload, request.Payload, request.SenderCertificate!) { Stamp = payload.Stamp };
        asker.AskPeers(parsed, payload.FixedBackwardOnion.Span, except: from, asSender: false);
    }

    /// <summary>
    /// The broadcast's request, or the one its ask carried when the signed bytes are the same: every broadcast follows an ask
    /// with its request, so the request's and its certificate's signatures are verified once per broadcast, not twice. Any
    /// other bytes (a request swapped between ask and broadcast) are checked afresh; time, revocation and topic checks run again.
    /// </summary>
    private static ParsedRequest? AsAsked(ParsedRequest? broadcast, ParsedRequest? asked) =>
        broadcast is null || asked is null || ReferenceEquals(broadcast, asked) || !broadcast.Signed.Equals(asked.Signed)
            ? broadcast
            : asked with { Stamp = broadcast.Stamp };

    private bool CheckProofOfWork(PublicKey from, PowBroadcastFrame frame, IssuedConditions conditions)
    {
        var proof = frame.ProofOfWork;
        if (proof is null)
        {
            node.Reject(from, RejectionReason.MissingPow, "the broadcast carries no proof of work");
            return false;
        }
        if (proof.PowScheme != Asker.PowScheme)
        {
            node.Reject(from, RejectionReason.PowSchemeUnsupported, $"scheme '{proof.PowScheme}'");
            return false;
        }
        var digest = powVerifier.PayloadDigest(frame.AskId.Span, conditions.Target, frame.BroadcastPayload.Span);
        var verdict = powVerifier.Verify(digest, node.Id, proof.TimestampUnixMs, proof.Nonce, conditions.Target, node.Now, conditions.ToleranceMs);
        var reason = verdict switch
        {
            PowVerdict.Valid => (RejectionReason?)null,
            PowVerdict.HashAboveTarget => RejectionReason.PowAboveTarget,
            PowVerdict.TimestampInFuture => RejectionReason.PowTimestampInFuture,
            _ => RejectionReason.PowTimestampExpired,
        };
        if (reason is { } r) node.Reject(from, r, $"proof of work: {verdict}");
        return reason is null;
    }

    /// <summary>
    /// With <see cref="NodePolicy.StampBits"/> above 0: false (and a rejection) unless the request carries its sender's stamp with
    /// that many leading zero bits for this exact request (<see cref="RequestStamps"/>); every hop checks it, none spends it.
    /// </summary>
    private bool CheckStamp(PublicKey from, RequestVerification request, SignedRequestPayload signed, RequestStamp? stamp)
    {
        var bits = node.Policy.StampBits;
        switch (RequestStamps.Verify(stamp, signed, request.SenderPublicKey!, bits, powVerifier))
        {
            case StampVerdict.Valid: return true;
            case StampVerdict.Missing:
                node.Reject(from, RejectionReason.MissingStamp, $"the request carries no sender's stamp ({bits} bits required)");
                return false;
            default:
                node.Reject(from, RejectionReason.BadStamp, $"the sender's stamp has fewer than {bits} leading zero bits for this request (too cheap, or made for another request)");
                return false;
        }
    }

    /// <summary>False (and a rejection) when this node already broadcast the payload as often as its policy allows.</summary>
    private bool MayBroadcast(PublicKey from, PayloadKey payloadId)
    {
        if (_seenPayloads.TryGet(payloadId, node.Now, out var seen) && (seen.Cancelled || seen.Broadcasts >= node.Policy.Multibroadcast))
        {
            node.Reject(from, RejectionReason.MultibroadcastLimit, seen.Cancelled ? "payload was cancelled by its sender" : BroadcastTimes(seen.Broadcasts));
            return false;
        }
        return true;
    }

    /// <summary>The multibroadcast refusal's detail, made once for the usual counts (a flood refuses most of its asks so).</summary>
    private static string BroadcastTimes(int broadcasts) =>
        (uint)broadcasts < (uint)BroadcastTimesDetails.Length ? BroadcastTimesDetails[broadcasts] : BroadcastTimesDetail(broadcasts);

    private static readonly string[] BroadcastTimesDetails = [.. Enumerable.Range(0, 16).Select(BroadcastTimesDetail)];

    private static string BroadcastTimesDetail(int broadcasts) => $"payload broadcast {broadcasts} times";

    /// <summary>Checks the request's certificate, signature and topic; null (and a rejection) when any fails.</summary>
    private RequestVerification? ValidateRequest(PublicKey from, SignedRequestPayload? signedRequest, ParsedRequest? parsed)
    {
        if (signedRequest is null)
        {
            node.Reject(from, RejectionReason.MalformedPayload, "no signed request");
            return null;
        }
        var request = parsed is null ? SignedRequests.Verify(signedRequest) : SignedRequests.Verify(parsed);
        if (request.Verdict == RequestVerdict.Malformed)
        {
            node.Reject(from, RejectionReason.MalformedPayload, "the signed request does not parse");
            return null;
        }
        if (!request.IsValid)
        {
            node.Reject(from, RejectionReason.BadRequestSignature, "request signature does not verify under the sender certificate");
            return null;
        }
        var verdict = node.VerifyCertificate(request.Payload.SenderCertificate, request.SenderCertificate, parsed?.CertificateSignature);
        if (verdict != CertificateVerdict.Valid)
        {
            node.Reject(from, RejectionReason.CertificateRejected, $"sender certificate: {verdict}");
            return null;
        }
        var policy = node.Policy;
        var topic = policy.Topics.Check(request.Payload.Topic);
        if (topic != TopicVerdict.Accepted)
        {
            node.Reject(from, RejectionReason.TopicRejected, $"topic: {topic}");
            return null;
        }
        var validUntil = request.Payload.ValidUntilUnixMs;
        if (validUntil < node.Now || validUntil > node.Now + policy.MaxRequestValidityMs)
        {
            node.Reject(from, RejectionReason.RequestExpired, validUntil < node.Now
                ? $"the request was valid until {validUntil}, now is {node.Now}"
                : $"the request claims validity until {validUntil}, more than {policy.MaxRequestValidityMs} ms ahead");
            return null;
        }
        return request;
    }

    public void OnCancelBroadcast(PublicKey from, CancelBroadcastFrame cancel)
    {
        var payloadId = PayloadKey.From(cancel.PayloadId);
        if (!_seenPayloads.TryGet(payloadId, node.Now, out var seen) || seen.Cancelled) return;
        if (!CancelBroadcasts.Verify(cancel, seen.Sender))
        {
            node.Reject(from, RejectionReason.UnauthorisedCancel, "cancel not signed by the payload's sender");
            return;
        }
        _seenPayloads.Set(payloadId, seen with { Cancelled = true }, RememberUntil(seen));
        foreach (var peer in node.Peers.Where(p => !p.Equals(from))) node.Send(peer, new Frame { CancelBroadcast = cancel });
    }
}
