using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Pow;
using Google.Protobuf;

using GigGossip.Protocol.Peers;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// The Gig-gossip node as a deterministic state machine: one input and the current time in, effects
/// out. It plays every role (sender, middleman, replier) and never touches sockets, files, threads or
/// the clock, so the simulator and the daemon run the same code. Each role lives in its own part.
/// </summary>
public sealed partial class NodeEngine
{
    private readonly SecretKey _key;
    private readonly SignedCertificate _certificate;
    private readonly SenderPolicy _sender;
    private readonly Random _random;
    private readonly IProofOfWorkVerifier _powVerifier;
    private readonly List<PublicKey> _peers = [];
    private List<EngineEffect> _effects = [];
    private long _now;

    public NodeEngine(NodeIdentity identity, NodePolicy policy, Random random, WorkerPolicy? worker = null, SenderPolicy? sender = null,
        IProofOfWorkVerifier? powVerifier = null)
    {
        _powVerifier = powVerifier ?? HashcashVerifier.Instance;
        _key = identity.Key;
        _certificate = identity.Certificate;
        Policy = policy;
        _random = random;
        Worker = worker;
        _sender = sender ?? new SenderPolicy();
        Scores = policy.Scoring is { } scoring ? new PeerScoreBook(scoring) : null;
    }

    /// <summary>Each peer's score when <see cref="NodePolicy.Scoring"/> is on (shared with the host's peer manager), else null.</summary>
    public PeerScoreBook? Scores { get; }

    public PublicKey Id => _key.PublicKey;

    /// <summary>The node's policy; a host may replace it (e.g. with fresher revocation lists).</summary>
    public NodePolicy Policy { get; set; }

    public IReadOnlyList<PublicKey> Peers => _peers;

    /// <summary>The gig worker's side, or null when this node takes no jobs; a host may change it (jobs already taken keep their terms).</summary>
    public WorkerPolicy? Worker { get; set; }

    public bool IsWorker => Worker is not null;

    /// <summary>The certificate this node presents as sender or replier.</summary>
    public SignedCertificate Certificate => _certificate;

    /// <summary>Handles one input at <paramref name="nowUnixMs"/> and returns what the host must do.</summary>
    public IReadOnlyList<EngineEffect> Handle(EngineInput input, long nowUnixMs)
    {
        _now = nowUnixMs;
        _effects = [];
        SweepFinished(input);
        switch (input)
        {
            case FrameReceived received: OnFrame(received.From, received.Frame); break;
            case PowSolved solved: OnPowSolved(solved); break;
            case InvoiceCreated created: OnInvoiceCreated(created.CorrelationId, created.Bolt11); break;
            case InvoiceCreationFailed failed: OnInvoiceCreationFailed(failed.CorrelationId, failed.Reason); break;
            case IssuedInvoiceChanged changed: OnIssuedInvoiceChanged(changed); break;
            case PaymentChanged changed: OnPaymentChanged(changed); break;
            case SettlerReplied replied: OnSettlerReplied(replied.CorrelationId, replied.Response); break;
            case TimerFired timer: OnTimer(timer.TimerId); break;
            case PeerConnected connected: if (!_peers.Contains(connected.Peer)) _peers.Add(connected.Peer); break;
            case PeerDisconnected disconnected:
                _peers.Remove(disconnected.Peer);
                _askLimiter?.Forget(disconnected.Peer);
                break;
            case BroadcastTopic broadcast: StartBroadcast(broadcast); break;
            case CancelBroadcast cancel: CancelOwnBroadcast(cancel.PayloadId); break;
            case AcceptOffer accept: AcceptOfferById(accept.OfferId); break;
            case ReportJobDone done: ReportJob(done.PayloadId, JobOutcome.Done); break;
            case DisputeJob dispute:
                ReportJob(dispute.PayloadId, JobOutcome.Disputed);
                if (!string.IsNullOrWhiteSpace(dispute.Statement)) SubmitStatement(dispute.PayloadId, dispute.Statement);
                break;
            case ReportPickup pickup: ReportPickup(pickup.PayloadId, pickup.Code); break;
            case MakeStatement statement: SubmitStatement(statement.PayloadId, statement.Statement); break;
            default: throw new ArgumentException($"unknown node input {input.GetType().Name}", nameof(input));
        }
        ArmSweep();
        return _effects;
    }

    private void OnFrame(PublicKey from, Frame frame)
    {
        switch (frame.KindCase)
        {
            case Frame.KindOneofCase.AskForBroadcast: OnAskForBroadcast(from, frame.AskForBroadcast); break;
            case Frame.KindOneofCase.PowBroadcastConditions: OnPowBroadcastConditions(from, frame.PowBroadcastConditions); break;
            case Frame.KindOneofCase.PowBroadcast: OnPowBroadcast(from, frame.PowBroadcast); break;
            case Frame.KindOneofCase.Reply: OnReply(from, frame.Reply); break;
            case Frame.KindOneofCase.CancelBroadcast: OnCancelBroadcast(from, frame.CancelBroadcast); break;
            default: Reject(from, RejectionReason.MalformedPayload, "frame has no content"); break;
        }
    }

    private void OnInvoiceCreated(string correlationId, string bolt11)
    {
        if (correlationId.StartsWith(ReplyInvoicePrefix, StringComparison.Ordinal)) OnReplyInvoiceCreated(correlationId, bolt11);
        else if (correlationId.StartsWith(ReplierNetworkInvoicePrefix, StringComparison.Ordinal)) OnReplierNetworkInvoiceCreated(correlationId, bolt11);
        else if (correlationId.StartsWith(RouteInvoicePrefix, StringComparison.Ordinal)) OnRouteInvoiceCreated(correlationId, bolt11);
    }

    private void OnInvoiceCreationFailed(string correlationId, string reason)
    {
        _pendingRoutes.Remove(correlationId);
        Emit(new NodeWarning($"invoice {correlationId} not created: {reason}"));
    }

    private void OnSettlerReplied(string correlationId, SettlerResponse response)
    {
        var (kind, id) = SplitCorrelation(correlationId);
        switch (kind)
        {
            case ReplyHashPrefix: OnReplyHashIssued(id, response); break;
            case PromisePrefix: OnPromiseIssued(id, response); break;
            case RevealPrefix: OnKeyRevealAnswer(id, response); break;
            case ReportPrefix: OnJobReportAnswer(id, response); break;
            case ReplyPreimagePrefix: OnReplyPreimageAnswer(id, response); break;
            case PickupPrefix: OnPickupAnswer(id, response); break;
            case StatementPrefix: OnStatementAnswer(id, response); break;
        }
    }

    private void OnTimer(string timerId)
    {
        var (kind, id) = SplitCorrelation(timerId);
        switch (kind)
        {
            case DeadlinePrefix: OnReplyDeadline(id); break;
            case RevealPrefix: AskForKey(id); break;
            case ReplyPreimagePrefix: AskForReplyPreimage(id); break;
        }
    }

    private const string ReplyHashPrefix = "reply-hash:";
    private const string ReplyInvoicePrefix = "reply-invoice:";
    private const string PromisePrefix = "promise:";
    private const string ReplierNetworkInvoicePrefix = "replier-network-invoice:";
    private const string RouteInvoicePrefix = "route:";
    private const string RevealPrefix = "reveal:";
    private const string ReportPrefix = "report:";
    private const string DeadlinePrefix = "deadline:";
    private const string ReplyPreimagePrefix = "reply-preimage:";

    private static (string Kind, string Id) SplitCorrelation(string correlationId)
    {
        var colon = correlationId.IndexOf(':');
        return colon < 0 ? (correlationId, "") : (correlationId[..(colon + 1)], correlationId[(colon + 1)..]);
    }

    private void Emit(NodeEvent nodeEvent) => _effects.Add(new EmitEvent(nodeEvent));

    private void Send(PublicKey to, Frame frame) => _effects.Add(new SendFrame(to, frame));

    private void Reject(PublicKey from, RejectionReason reason, string detail)
    {
        Emit(new FrameRejected(from, reason, detail));
        if (PeerFaults.IsFault(reason)) Credit(from, PeerActivity.InvalidFrame);
    }

    /// <summary>Records what a peer did in its score (nothing when scoring is off).</summary>
    private void Credit(PublicKey peer, PeerActivity activity) => Scores?.Record(peer, activity, _now);

    private byte[] NewId()
    {
        var id = new byte[16];
        _random.NextBytes(id);
        return id;
    }

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    /// <summary>Up to <paramref name="count"/> distinct random peers, never <paramref name="except"/>.</summary>
    private List<PublicKey> PickPeers(int count, PublicKey? except)
    {
        var candidates = _peers.Where(p => !p.Equals(except)).ToList();
        var shuffled = Scores is null ? Math.Min(count, candidates.Count) : candidates.Count;
        for (var i = 0; i < shuffled; i++)
        {
            var j = i + _random.Next(candidates.Count - i);
            (candidates[i], candidates[j]) = (candidates[j], candidates[i]);
        }
        if (Scores is { } scores)
            candidates = [.. candidates.Select(p => (Peer: p, Score: scores.Score(p, _now)))
                .Where(p => p.Score >= scores.Params.GossipThreshold)
                .OrderByDescending(p => p.Score)
                .Select(p => p.Peer)];
        return candidates.Take(count).ToList();
    }
}
