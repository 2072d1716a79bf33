using GigGossip.Protocol.Peers;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine.Roles;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Pow;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// The Gig-gossip node as a deterministic state machine: one input and the current time in, effects out. It
/// never touches sockets, files, threads or the clock, so the simulator and the daemon run the same code. This
/// class only dispatches; each whitepaper role (asker, middleman, return path, replier, sender) is its own type
/// in <c>Roles/</c> and owns its state.
/// </summary>
public sealed class NodeEngine
{
    private readonly NodeContext _node;
    private readonly Asker _asker;
    private readonly Middleman _middleman;
    private readonly ReturnPath _returnPath;
    private readonly Replier _replier;
    private readonly Sender _sender;
    private readonly Statements _statements;

    public NodeEngine(NodeIdentity identity, NodePolicy policy, Random random, WorkerPolicy? worker = null, SenderPolicy? sender = null,
        IProofOfWorkVerifier? powVerifier = null)
    {
        _node = new NodeContext(identity, policy, random) { Worker = worker };
        var verifier = powVerifier ?? HashcashVerifier.Instance;
        _asker = new Asker(_node, verifier);
        _returnPath = new ReturnPath(_node);
        _replier = new Replier(_node, _returnPath);
        _middleman = new Middleman(_node, verifier, _asker, _replier);
        _sender = new Sender(_node, sender ?? new SenderPolicy(), _asker, _middleman, new SenderKeys(_node));
        _statements = new Statements(_node, _sender, _replier);
    }

    public PublicKey Id => _node.Id;

    /// <summary>The node's policy; a host may replace it (e.g. with fresher revocation lists).</summary>
    public NodePolicy Policy { get => _node.Policy; set => _node.Policy = value; }

    public IReadOnlyList<PublicKey> Peers => _node.Peers;

    /// <summary>Each peer's score when <see cref="NodePolicy.Scoring"/> is on (shared with the host's peer manager), else null.</summary>
    public PeerScoreBook? Scores => _node.Scores;

    /// <summary>The gig worker's side, or null when this node takes no jobs; a host may change it (jobs already taken keep their terms).</summary>
    public WorkerPolicy? Worker { get => _node.Worker; set => _node.Worker = value; }

    public bool IsWorker => Worker is not null;

    /// <summary>The certificate this node presents as sender or replier.</summary>
    public SignedCertificate Certificate => _node.Certificate;

    /// <summary>Handles one input at <paramref name="nowUnixMs"/> and returns what the host must do.</summary>
    public IReadOnlyList<EngineEffect> Handle(INodeInput input, long nowUnixMs)
    {
        _node.Begin(nowUnixMs);
        MoneyStateChanged = MayChangeMoney(input);
        _sender.SweepFinished(input is NodeTimerFired { Timer: ForgetFinished });
        switch (input)
        {
            case FrameReceived received: OnFrame(received.From, received.Frame, received.Decoded); break;
            case PowSolved solved: if (!_sender.OnStampSolved(solved)) _asker.OnPowSolved(solved); break;
            case InvoiceCreated created: OnInvoiceCreated(created.CorrelationId, created.Bolt11); break;
            case InvoiceCreationFailed failed: OnInvoiceCreationFailed(failed.CorrelationId, failed.Reason); break;
            case IssuedInvoiceChanged changed: if (!_returnPath.OnIssuedInvoiceChanged(changed)) _replier.OnIssuedInvoiceChanged(changed); break;
            case PaymentChanged changed: if (!_returnPath.OnPaymentChanged(changed)) _sender.OnPaymentChanged(changed); break;
            case SettlerReplied replied: OnSettlerReplied(replied.CorrelationId, replied.Response); break;
            case NodeTimerFired timer: OnTimer(timer.Timer); break;
            case PeerConnected connected: _node.AddPeer(connected.Peer); break;
            case PeerDisconnected disconnected:
                _node.RemovePeer(disconnected.Peer);
                _middleman.ForgetPeer(disconnected.Peer);
                break;
            case BroadcastTopic broadcast: _sender.StartBroadcast(broadcast); break;
            case CancelBroadcast cancel: _sender.Cancel(cancel.PayloadId); break;
            case AcceptOffer accept: _sender.Accept(accept.OfferId); break;
            case ReportJobDone done: _sender.ReportJob(done.PayloadId, JobOutcome.Done); break;
            case DisputeJob dispute:
                _sender.ReportJob(dispute.PayloadId, JobOutcome.Disputed);
                if (!string.IsNullOrWhiteSpace(dispute.Statement)) _statements.Submit(dispute.PayloadId, dispute.Statement);
                break;
            case ReportPickup pickup: _replier.ReportPickup(pickup.PayloadId, pickup.Code); break;
            case MakeStatement statement: _statements.Submit(statement.PayloadId, statement.Statement); break;
            default: throw new ArgumentException($"unknown node input {input.GetType().Name}", nameof(input));
        }
        _sender.ArmSweep();
        return _node.Effects;
    }

    /// <summary>
    /// Whether the last input may have changed what <see cref="ExportMoneyState"/> returns; a host saves the money state only
    /// then. Frames, proofs of work, peers coming and going and starting or cancelling a broadcast never do: they create asks,
    /// conditions, offers and waiting replies, none of them money until a wallet or settler answers or the app accepts an
    /// offer (and the sweep forgets only requests whose money is resolved, which the export leaves out already).
    /// </summary>
    public bool MoneyStateChanged { get; private set; }

    private static bool MayChangeMoney(INodeInput input) =>
        input is not (FrameReceived or PowSolved or PeerConnected or PeerDisconnected or BroadcastTopic or CancelBroadcast);

    private void OnFrame(PublicKey from, Frame frame, DecodedFrame? decoded)
    {
        switch (frame.KindCase)
        {
            case Frame.KindOneofCase.AskForBroadcast: _middleman.OnAskForBroadcast(from, frame.AskForBroadcast, decoded?.Request); break;
            case Frame.KindOneofCase.PowBroadcastConditions: _asker.OnPowBroadcastConditions(from, frame.PowBroadcastConditions); break;
            case Frame.KindOneofCase.PowBroadcast: _middleman.OnPowBroadcast(from, frame.PowBroadcast, decoded); break;
            case Frame.KindOneofCase.Reply:
                if (_returnPath.OnReply(from, frame.Reply, decoded?.Promise) is { } mine) _sender.OnReply(from, frame.Reply, mine);
                break;
            case Frame.KindOneofCase.CancelBroadcast: _middleman.OnCancelBroadcast(from, frame.CancelBroadcast); break;
            default: _node.Reject(from, RejectionReason.MalformedPayload, "frame has no content"); break;
        }
    }

    private void OnInvoiceCreated(Correlation correlation, string bolt11)
    {
        switch (correlation)
        {
            case ReplyInvoiceFor reply: _replier.OnReplyInvoiceCreated(reply.PayloadId, bolt11); break;
            case ReplierNetworkInvoiceFor network: _replier.OnNetworkInvoiceCreated(network.WayBackId, bolt11); break;
            case NetworkInvoiceFor network: _returnPath.OnNetworkInvoiceCreated(network, bolt11); break;
        }
    }

    private void OnInvoiceCreationFailed(Correlation correlation, string reason)
    {
        if (correlation is NetworkInvoiceFor network) _returnPath.OnNetworkInvoiceFailed(network);
        _node.Emit(new NodeWarning($"invoice {correlation} not created: {reason}"));
    }

    private void OnSettlerReplied(Correlation correlation, SettlerResponse response)
    {
        switch (correlation)
        {
            case ReplyHashCall call: _replier.OnReplyHashIssued(call.PayloadId, response); break;
            case PromiseCall call: _replier.OnPromiseIssued(call.WayBackId, response); break;
            case KeyReveal call: _sender.OnKeyRevealAnswer(call.OfferId, response); break;
            case JobReportCall call: _sender.OnJobReportAnswer(call.PayloadId, call.Outcome, response); break;
            case ReplyPreimage call: _replier.OnReplyPreimageAnswer(call.PayloadId, response); break;
            case PickupReportCall call: _replier.OnPickupAnswer(call.PayloadId, response); break;
            case StatementCall call: _statements.OnAnswer(call.PayloadId, response); break;
            case OneTimeBatchCall: _sender.OnKeysAnswer(response); break;
        }
    }

    private void OnTimer(Correlation timer)
    {
        switch (timer)
        {
            case ReplyDeadline deadline: _sender.OnReplyDeadline(deadline.PayloadId); break;
            case KeyReveal reveal: _sender.AskForKey(reveal.OfferId); break;
            case ReplyPreimage poll: _replier.AskForReplyPreimage(poll.PayloadId); break;
            case OneTimeBatchRetry: _sender.OnKeysRetry(); break;
            case JobReportRetry retry: _sender.RetryReport(retry.PayloadId, retry.Outcome); break;
        }
    }

    /// <summary>Routes, accepted offers and taken jobs whose money is still pending, in a stable order.</summary>
    public NodeMoneyState ExportMoneyState() => new(_returnPath.Export(), _sender.Export(), _replier.Export());

    /// <summary>
    /// Restores exported state into this engine, which must not have handled any money yet, and returns what
    /// the host must do to resume: ask the settler again for keys not revealed yet, and show again the contacts
    /// already revealed. The host then feeds the wallet's current invoice and payment states, which may have
    /// moved while the node was down.
    /// </summary>
    /// <exception cref="InvalidOperationException">The engine already routes, sends or works on something.</exception>
    public IReadOnlyList<EngineEffect> ImportMoneyState(NodeMoneyState state, long nowUnixMs)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (!_returnPath.IsEmpty || !_sender.IsEmpty || !_replier.IsEmpty)
            throw new InvalidOperationException("money state can only be imported into an engine that has none");
        _node.Begin(nowUnixMs);
        foreach (var route in state.Routes)
            _returnPath.Remember(Bolt11.PaymentHash.FromBytes(route.PaymentHash), route.DownstreamInvoice, route.DownstreamAmountMsat, route.MyAmountMsat, route.Upstream, route.PaidDownstream);
        foreach (var job in state.SenderJobs) _sender.Import(job);
        foreach (var job in state.ReplierJobs) _replier.Import(job);
        return _node.Effects;
    }

    // What a host or a test may look at; each role answers for its own state.

    public IReadOnlyCollection<Offer> OffersFor(string payloadId) => _sender.OffersFor(payloadId);

    /// <summary>Every offer this node received as sender, for all its requests.</summary>
    public IReadOnlyCollection<Offer> Offers => _sender.Offers;

    /// <summary>The offer this node accepted (and paid) for one of its requests, if any.</summary>
    public Offer? AcceptedOffer(string payloadId) => _sender.AcceptedOffer(payloadId);

    /// <summary>The pickup code of a request this node sent, once the settler revealed its key.</summary>
    public string? PickupCodeFor(string payloadId) => _sender.PickupCodeFor(payloadId);

    /// <summary>Offers best first: the lowest total the sender pays, then the lower price, then the earliest.</summary>
    public static IReadOnlyList<Offer> Rank(IEnumerable<Offer> offers) => Sender.Rank(offers);

    /// <summary>How long a finished request and its offers stay listed (default an hour).</summary>
    public long FinishedRetentionMs { get => _sender.FinishedRetentionMs; set => _sender.FinishedRetentionMs = value; }

    /// <summary>Requests this node sent that it still remembers.</summary>
    public int RememberedRequests => _sender.RememberedRequests;

    /// <summary>Asks this node sent and has not yet had answered and solved, or forgotten.</summary>
    public int OpenAsks => _asker.OpenAsks;

    /// <summary>How many routed replies still wait for their invoice to settle or be cancelled.</summary>
    public int OpenRoutes => _returnPath.Open;

    public int RememberedPayloads => _middleman.RememberedPayloads;

    public int RememberedProofs => _middleman.RememberedProofs;

    /// <summary>Conditions offered to peers and not yet used or expired.</summary>
    public int RememberedConditions => _middleman.RememberedConditions;

    /// <summary>Peers with an ask rate-limit bucket (bounded by the peers connected).</summary>
    public int RateLimitedPeers => _middleman.RateLimitedPeers;

    /// <summary>
    /// Forgets now every remembered payload id, spent proof, offered condition and open ask whose window closed at
    /// <paramref name="nowUnixMs"/> (the engine also does this as frames arrive); for diagnostics of how much it holds.
    /// </summary>
    public void ForgetExpired(long nowUnixMs)
    {
        _middleman.ForgetExpired(nowUnixMs);
        _asker.ForgetExpired(nowUnixMs);
    }
}
