using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// The replier's side: a reply invoice on the settler's reply hash, a ReplyPayload, one
/// SettlementPromise and one network invoice per route the job arrived by, and the ReplyFrame back.
/// </summary>
public sealed partial class NodeEngine
{
    private readonly Dictionary<string, ReplierJob> _replierJobs = [];
    private readonly Dictionary<string, ReplierRoute> _replierRoutes = [];

    /// <summary>A job this node took, on the terms (price, settler, contact) its worker policy had when it took it.</summary>
    private sealed class ReplierJob(string payloadId, SignedRequestPayload signedRequest, PublicKey sender, WorkerPolicy terms)
    {
        public string PayloadId { get; } = payloadId;
        public SignedRequestPayload SignedRequest { get; } = signedRequest;
        public PublicKey Sender { get; } = sender;
        public WorkerPolicy Terms { get; } = terms;
        public byte[]? ReplyPaymentHash { get; set; }
        public string? ReplyInvoice { get; set; }
        public byte[]? ReplyPayload { get; set; }
        /// <summary>The payer's hold deadline on the reply invoice, once this node's own wallet reported it Accepted.</summary>
        public long? AcceptedHoldUntilUnixMs { get; set; }
        public List<ReplierRoute> WaitingRoutes { get; } = [];
    }

    private sealed record ReplierRoute(string RouteId, ReplierJob Job, PublicKey Previous, byte[] ForwardOnion)
    {
        public SettlementPromiseIssued? Promise { get; set; }
    }

    private void StartReply(PublicKey from, BroadcastPayload payload, RequestVerification request, WorkerPolicy worker)
    {
        OnionPeel peel;
        try { peel = BackwardOnion.Peel(_key, payload.BackwardOnion.Span); }
        catch (OnionException e)
        {
            Reject(from, RejectionReason.TamperedOnion, e.Message);
            return;
        }
        if (peel is not OnionPeel.Forward forward || !forward.PreviousPeer.Equals(from))
        {
            Reject(from, RejectionReason.TamperedOnion, "the onion's last layer does not name the peer it came from");
            return;
        }
        var payloadId = Hex(request.Payload!.PayloadId);
        if (!_replierJobs.TryGetValue(payloadId, out var job))
        {
            job = new ReplierJob(payloadId, payload.SignedRequestPayload, request.SenderPublicKey!, worker);
            _replierJobs[payloadId] = job;
            _effects.Add(new CallSettler(job.Terms.SettlerUri, ReplyHashPrefix + payloadId, ReplyPaymentHashRequest.Create(job.SignedRequest, _certificate, _key, _now)));
        }
        var route = new ReplierRoute(Hex(NewId()), job, from, forward.Inner);
        _replierRoutes[route.RouteId] = route;
        if (job.ReplyPayload is null) job.WaitingRoutes.Add(route);
        else AskForPromise(route);
    }

    private void OnReplyHashIssued(string payloadId, SettlerResponse response)
    {
        if (!_replierJobs.TryGetValue(payloadId, out var job)) return;
        if (response is not ReplyPaymentHashIssued issued)
        {
            Emit(new NodeWarning($"settler refused a reply hash for {payloadId}: {response}"));
            _replierJobs.Remove(payloadId);
            return;
        }
        job.ReplyPaymentHash = issued.ReplyPaymentHash;
        _effects.Add(new CreateInvoice(ReplyInvoicePrefix + payloadId, issued.ReplyPaymentHash, job.Terms.PriceMsat, $"gig-gossip reply {payloadId}", _now + Policy.InvoiceExpiryMs));
    }

    private void OnReplyInvoiceCreated(string correlationId, string bolt11)
    {
        var (_, payloadId) = SplitCorrelation(correlationId);
        if (!_replierJobs.TryGetValue(payloadId, out var job)) return;
        var message = new ReplyMessage { Contact = job.Terms.Contact, PriceMsat = job.Terms.PriceMsat };
        job.ReplyInvoice = bolt11;
        var payload = new ReplyPayload
        {
            ReplierCertificate = _certificate,
            SignedRequestPayload = job.SignedRequest,
            EncryptedReplyMessage = ByteString.CopyFrom(SealedBox.Seal(job.Sender, message.ToByteArray())),
            ReplyInvoice = bolt11,
        };
        ReplySignatures.Sign(payload, job.SignedRequest.ReadRequestPayload().PayloadId, _key);
        job.ReplyPayload = payload.ToByteArray();
        foreach (var route in job.WaitingRoutes) AskForPromise(route);
        job.WaitingRoutes.Clear();
    }

    private void AskForPromise(ReplierRoute route) =>
        _effects.Add(new CallSettler(route.Job.Terms.SettlerUri, PromisePrefix + route.RouteId,
            new SettlementPromiseRequest(route.Job.SignedRequest, Id, route.Job.ReplyPayload!, route.Job.ReplyInvoice!)));

    private void OnPromiseIssued(string routeId, SettlerResponse response)
    {
        if (!_replierRoutes.TryGetValue(routeId, out var route)) return;
        if (response is not SettlementPromiseIssued issued)
        {
            Emit(new NodeWarning($"settler refused a settlement promise: {response}"));
            _replierRoutes.Remove(routeId);
            return;
        }
        if (CheckOwnPromise(route.Job, issued) is { } problem)
        {
            Emit(new NodeWarning($"settler's promise for {route.Job.PayloadId} refused: {problem}"));
            _replierRoutes.Remove(routeId);
            return;
        }
        var promise = issued.Promise.ReadSettlementPromise();
        route.Promise = issued;
        var amount = checked(promise.NetworkAmountMsat + Policy.RoutingFeeMsat);
        _effects.Add(new CreateInvoice(ReplierNetworkInvoicePrefix + routeId, promise.NetworkPaymentHash.ToByteArray(), amount, "gig-gossip network", _now + Policy.InvoiceExpiryMs));
    }

    private void OnReplierNetworkInvoiceCreated(string correlationId, string bolt11)
    {
        var (_, routeId) = SplitCorrelation(correlationId);
        if (!_replierRoutes.Remove(routeId, out var route) || route.Promise is not { } issued) return;
        var promise = issued.Promise.ReadSettlementPromise();
        var downstream = Bolt11Invoice.Decode(issued.SettlerNetworkInvoice);
        RememberRoute(promise.NetworkPaymentHash.ToByteArray(), issued.SettlerNetworkInvoice, downstream.AmountMsat!.Value, Bolt11Invoice.Decode(bolt11).AmountMsat!.Value, route.Previous);
        Send(route.Previous, new Frame
        {
            Reply = new ReplyFrame
            {
                EncryptedReplyPayload = ByteString.CopyFrom(issued.EncryptedReplyPayload),
                SettlementPromise = issued.Promise,
                ForwardOnion = ByteString.CopyFrom(route.ForwardOnion),
                NetworkInvoice = bolt11,
                EncryptedReplyInvoice = ByteString.CopyFrom(SealedBox.Seal(route.Job.Sender, System.Text.Encoding.UTF8.GetBytes(route.Job.ReplyInvoice!))),
                EncryptedReplySignature = ByteString.CopyFrom(SealedBox.Seal(route.Job.Sender,
                    ReplySignatures.ForSender(ReplyPayload.Parser.ParseFrom(route.Job.ReplyPayload)).ToByteArray())),
            },
        });
        Emit(new ReplySent(route.Job.PayloadId, promise.NetworkPaymentHash.ToByteArray()));
    }

    /// <summary>
    /// This node's own wallet reports the reply invoice paid and held until <paramref name="holdUntilUnixMs"/>: tell the settler so,
    /// signed (it cannot see another party's invoice), and ask for the reply preimage until it is published.
    /// A wallet that does not say how long the payer holds gets a statement of 0: the settler then refuses the key.
    /// </summary>
    private void OnReplyInvoiceAccepted(ReplierJob job, long? holdUntilUnixMs)
    {
        job.AcceptedHoldUntilUnixMs = holdUntilUnixMs ?? 0;
        AskForReplyPreimage(job.PayloadId);
    }

    private void AskForReplyPreimage(string payloadId)
    {
        if (!_replierJobs.TryGetValue(payloadId, out var job) || job.ReplyPaymentHash is null) return;
        SettlerRequest ask = job.AcceptedHoldUntilUnixMs is { } hold && job.ReplyInvoice is { } invoice
            ? ReplyAcceptedRequest.Create(job.ReplyPaymentHash, invoice, hold, _key)
            : new PreimageRequest(job.ReplyPaymentHash);
        _effects.Add(new CallSettler(job.Terms.SettlerUri, ReplyPreimagePrefix + payloadId, ask));
    }

    private void OnReplyPreimageAnswer(string payloadId, SettlerResponse response)
    {
        if (!_replierJobs.TryGetValue(payloadId, out var job) || job.ReplyPaymentHash is null) return;
        switch (response)
        {
            case PreimagePublished published when Preimages.Matches(published.Preimage, job.ReplyPaymentHash):
                _effects.Add(new SettleInvoice(job.ReplyPaymentHash, published.Preimage));
                break;
            case SettlerRefused { Reason: SettlerRefusal.Cancelled }:
                _effects.Add(new CancelInvoice(job.ReplyPaymentHash));
                break;
            default:
                _effects.Add(new SetTimer(ReplyPreimagePrefix + payloadId, _now + Policy.SettlerPollMs));
                break;
        }
    }

    private ReplierJob? ReplierJobByReplyHash(byte[] paymentHash) =>
        _replierJobs.Values.FirstOrDefault(j => j.ReplyPaymentHash is { } h && h.AsSpan().SequenceEqual(paymentHash));
}
