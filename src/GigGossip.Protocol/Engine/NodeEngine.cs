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
        _asker = new Asker(_node);
        _returnPath = new ReturnPath(_node);
        _replier = new Replier(_node, _returnPath);
        _middleman = new Middleman(_node, powVerifier ?? HashcashVerifier.Instance, _asker, _replier);
        _sender = new Sender(_node, sender ?? new SenderPolicy(), _asker, _middleman);
        _statements = new Statements(_node, _sender, _replier);
    }

    public PublicKey Id => _node.Id;

    /// <summary>The node's policy; a host may replace it (e.g. with fresher revocation lists).</summary>
    public NodePolicy Policy { get => _node.Policy; set => _node.Policy = value; }

    public IReadOnlyList<PublicKey> Peers => _node.Peers;

    /// <summary>The gig worker's side, or null when this node takes no jobs; a host may change it (jobs already taken keep their terms).</summary>
    public WorkerPolicy? Worker { get => _node.Worker; set => _node.Worker = value; }

    public bool IsWorker => Worker is not null;

    /// <summary>The certificate this node presents as sender or replier.</summary>
    public SignedCertificate Certificate => _node.Certificate;

    /// <summary>Handles one input at <paramref name="nowUnixMs"/> and returns what the host must do.</summary>
    public IReadOnlyList<EngineEffect> Handle(EngineInput input, long nowUnixMs)
    {
        _node.Begin(nowUnixMs);
        _sender.SweepFinished(input is TimerFired { TimerId: Sender.SweepTimerId });
        switch (input)
        {
            case FrameReceived received: OnFrame(received.From, received.Frame); break;
            case PowSolved solved: _asker.OnPowSolved(solved); break;
            case InvoiceCreated created: OnInvoiceCreated(created.CorrelationId, created.Bolt11); break;
            case InvoiceCreationFailed failed: OnInvoiceCreationFailed(failed.CorrelationId, failed.Reason); break;
            case IssuedInvoiceChanged changed: if (!_returnPath.OnIssuedInvoiceChanged(changed)) _replier.OnIssuedInvoiceChanged(changed); break;
            case PaymentChanged changed: if (!_returnPath.OnPaymentChanged(changed)) _sender.OnPaymentChanged(changed); break;
            case SettlerReplied replied: OnSettlerReplied(replied.CorrelationId, replied.Response); break;
            case TimerFired timer: OnTimer(timer.TimerId); break;
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

    private void OnFrame(PublicKey from, Frame frame)
    {
        switch (frame.KindCase)
        {
            case Frame.KindOneofCase.AskForBroadcast: _middleman.OnAskForBroadcast(from, frame.AskForBroadcast); break;
            case Frame.KindOneofCase.PowBroadcastConditions: _asker.OnPowBroadcastConditions(from, frame.PowBroadcastConditions); break;
            case Frame.KindOneofCase.PowBroadcast: _middleman.OnPowBroadcast(from, frame.PowBroadcast); break;
            case Frame.KindOneofCase.Reply:
                if (_returnPath.OnReply(from, frame.Reply) is { } mine) _sender.OnReply(from, frame.Reply, mine);
                break;
            case Frame.KindOneofCase.CancelBroadcast: _middleman.OnCancelBroadcast(from, frame.CancelBroadcast); break;
            default: _node.Reject(from, RejectionReason.MalformedPayload, "frame has no content"); break;
        }
    }

    private void OnInvoiceCreated(string correlationId, string bolt11)
    {
        var (kind, id) = Correlations.Split(correlationId);
        switch (kind)
        {
            case Correlations.ReplyInvoice: _replier.OnReplyInvoiceCreated(id, bolt11); break;
            case Correlations.ReplierNetworkInvoice: _replier.OnNetworkInvoiceCreated(id, bolt11); break;
            case Correlations.NetworkInvoice: _returnPath.OnNetworkInvoiceCreated(correlationId, bolt11); break;
        }
    }

    private void OnInvoiceCreationFailed(string correlationId, string reason)
    {
        _returnPath.OnNetworkInvoiceFailed(correlationId);
        _node.Emit(new NodeWarning($"invoice {correlationId} not created: {reason}"));
    }

    private void OnSettlerReplied(string correlationId, SettlerResponse response)
    {
        var (kind, id) = Correlations.Split(correlationId);
        switch (kind)
        {
            case Correlations.ReplyHash: _replier.OnReplyHashIssued(id, response); break;
            case Correlations.Promise: _replier.OnPromiseIssued(id, response); break;
            case Correlations.Reveal: _sender.OnKeyRevealAnswer(id, response); break;
            case Correlations.Report: _sender.OnJobReportAnswer(id, response); break;
            case Correlations.ReplyPreimage: _replier.OnReplyPreimageAnswer(id, response); break;
            case Correlations.Pickup: _replier.OnPickupAnswer(id, response); break;
            case Correlations.Statement: _statements.OnAnswer(id, response); break;
        }
    }

    private void OnTimer(string timerId)
    {
        var (kind, id) = Correlations.Split(timerId);
        switch (kind)
        {
            case Correlations.Deadline: _sender.OnReplyDeadline(id); break;
            case Correlations.Reveal: _sender.AskForKey(id); break;
            case Correlations.ReplyPreimage: _replier.AskForReplyPreimage(id); break;
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
            _returnPath.Remember(route.PaymentHash, route.DownstreamInvoice, route.DownstreamAmountMsat, route.MyAmountMsat, route.Upstream, route.PaidDownstream);
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
