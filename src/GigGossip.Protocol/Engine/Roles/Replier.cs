using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// The replier's side: a reply invoice on the settler's reply hash, a ReplyPayload, one SettlementPromise and
/// one network invoice per way back the job arrived by, and the ReplyFrame back; then the reply preimage, the
/// pickup code and statements for the settler.
/// </summary>
internal sealed partial class Replier(NodeContext node, ReturnPath returnPath)
{
    private Dictionary<string, ReplierJob>? _jobsMap;
    private Dictionary<string, ReplierJob> _jobs => _jobsMap ??= [];
    private Dictionary<string, WayBack>? _waysBackMap;
    private Dictionary<string, WayBack> _waysBack => _waysBackMap ??= [];

    public bool IsEmpty => _jobsMap is not { Count: > 0 };

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
        public List<WayBack> Waiting { get; } = [];
    }

    /// <summary>One way back to the sender (a job may arrive by several): its own promise and network invoice.</summary>
    private sealed record WayBack(string Id, ReplierJob Job, PublicKey Previous, byte[] Onion)
    {
        public SettlementPromiseIssued? Promise { get; set; }
    }

    public void StartReply(PublicKey from, BroadcastPayload payload, RequestVerification request, WorkerPolicy worker)
    {
        OnionPeel peel;
        try { peel = FixedSizeOnion.Peel(node.Key, payload.FixedBackwardOnion.Span); }
        catch (OnionException e)
        {
            node.Reject(from, RejectionReason.TamperedOnion, e.Message);
            return;
        }
        if (peel is not OnionPeel.Forward forward || !forward.PreviousPeer.Equals(from))
        {
            node.Reject(from, RejectionReason.TamperedOnion, "the onion's last layer does not name the peer it came from");
            return;
        }
        var payloadId = NodeContext.Hex(request.Payload!.PayloadId);
        if (!_jobs.TryGetValue(payloadId, out var job))
        {
            job = new ReplierJob(payloadId, payload.SignedRequestPayload, request.SenderPublicKey!, worker);
            _jobs[payloadId] = job;
            node.Add(new CallSettler(job.Terms.SettlerUri, new ReplyHashCall(payloadId), ReplyPaymentHashRequest.Create(job.SignedRequest, node.Certificate, node.Key, node.Now)));
        }
        var wayBack = new WayBack(NodeContext.Hex(node.NewId()), job, from, forward.Inner);
        _waysBack[wayBack.Id] = wayBack;
        if (job.ReplyPayload is null) job.Waiting.Add(wayBack);
        else AskForPromise(wayBack);
    }

    public void OnReplyHashIssued(string payloadId, SettlerResponse response)
    {
        if (!_jobs.TryGetValue(payloadId, out var job)) return;
        if (response is not ReplyPaymentHashIssued issued)
        {
            node.Emit(new NodeWarning($"settler refused a reply hash for {payloadId}: {response}"));
            _jobs.Remove(payloadId);
            return;
        }
        job.ReplyPaymentHash = issued.ReplyPaymentHash;
        node.Add(new CreateInvoice(new ReplyInvoiceFor(payloadId), issued.ReplyPaymentHash, job.Terms.PriceMsat, $"gig-gossip reply {payloadId}", node.Now + node.Policy.InvoiceExpiryMs));
    }

    public void OnReplyInvoiceCreated(string payloadId, string bolt11)
    {
        if (!_jobs.TryGetValue(payloadId, out var job)) return;
        var message = new ReplyMessage { Contact = job.Terms.Contact, PriceMsat = job.Terms.PriceMsat };
        job.ReplyInvoice = bolt11;
        var payload = new ReplyPayload
        {
            ReplierCertificate = node.Certificate,
            SignedRequestPayload = job.SignedRequest,
            EncryptedReplyMessage = ByteString.CopyFrom(SealedBox.Seal(job.Sender, message.ToByteArray())),
            ReplyInvoice = bolt11,
        };
        ReplySignatures.Sign(payload, job.SignedRequest.ReadRequestPayload().PayloadId, node.Key);
        job.ReplyPayload = payload.ToByteArray();
        foreach (var wayBack in job.Waiting) AskForPromise(wayBack);
        job.Waiting.Clear();
    }

    private void AskForPromise(WayBack wayBack) =>
        node.Add(new CallSettler(wayBack.Job.Terms.SettlerUri, new PromiseCall(wayBack.Id),
            new SettlementPromiseRequest(wayBack.Job.SignedRequest, node.Id, wayBack.Job.ReplyPayload!, wayBack.Job.ReplyInvoice!)));

    public void OnPromiseIssued(string wayBackId, SettlerResponse response)
    {
        if (!_waysBack.TryGetValue(wayBackId, out var wayBack)) return;
        if (response is not SettlementPromiseIssued issued)
        {
            node.Emit(new NodeWarning($"settler refused a settlement promise: {response}"));
            _waysBack.Remove(wayBackId);
            return;
        }
        if (CheckOwnPromise(wayBack.Job, issued) is { } problem)
        {
            node.Emit(new NodeWarning($"settler's promise for {wayBack.Job.PayloadId} refused: {problem}"));
            _waysBack.Remove(wayBackId);
            return;
        }
        var promise = issued.Promise.ReadSettlementPromise();
        wayBack.Promise = issued;
        var amount = checked(promise.NetworkAmountMsat + node.Policy.RoutingFeeMsat);
        node.Add(new CreateInvoice(new ReplierNetworkInvoiceFor(wayBackId), promise.NetworkPaymentHash.ToByteArray(), amount, "gig-gossip network", node.Now + node.Policy.InvoiceExpiryMs));
    }

    public void OnNetworkInvoiceCreated(string wayBackId, string bolt11)
    {
        if (!_waysBack.Remove(wayBackId, out var wayBack) || wayBack.Promise is not { } issued) return;
        var promise = issued.Promise.ReadSettlementPromise();
        var downstream = Bolt11Invoice.Decode(issued.SettlerNetworkInvoice);
        returnPath.Remember(PaymentHash.FromBytes(promise.NetworkPaymentHash.Span), issued.SettlerNetworkInvoice, downstream.AmountMsat!.Value, Bolt11Invoice.Decode(bolt11).AmountMsat!.Value, wayBack.Previous);
        var job = wayBack.Job;
        node.Send(wayBack.Previous, new Frame
        {
            Reply = new ReplyFrame
            {
                EncryptedReplyPayload = ByteString.CopyFrom(issued.EncryptedReplyPayload),
                SettlementPromise = issued.Promise,
                FixedBackwardOnion = ByteString.CopyFrom(wayBack.Onion),
                NetworkInvoice = bolt11,
                EncryptedReplyInvoice = ByteString.CopyFrom(SealedBox.Seal(job.Sender, System.Text.Encoding.UTF8.GetBytes(job.ReplyInvoice!))),
                EncryptedReplySignature = ByteString.CopyFrom(SealedBox.Seal(job.Sender,
                    ReplySignatures.ForSender(ReplyPayload.Parser.ParseFrom(job.ReplyPayload)).ToByteArray())),
            },
        });
        node.Emit(new ReplySent(job.PayloadId, promise.NetworkPaymentHash.ToByteArray()));
    }

    /// <summary>Handles a change of one of this node's reply invoices; false when the invoice is not one.</summary>
    public bool OnIssuedInvoiceChanged(IssuedInvoiceChanged changed)
    {
        if (JobByReplyHash(changed.PaymentHash) is not { } job) return false;
        switch (changed.State)
        {
            case InvoiceState.Accepted: OnReplyInvoiceAccepted(job, changed.HoldUntilUnixMs); break;
            case InvoiceState.Settled: node.Emit(new MoneySettled(changed.PaymentHash, Incoming: true, job.Terms.PriceMsat)); _jobs.Remove(job.PayloadId); break;
            case InvoiceState.Cancelled: node.Emit(new MoneyReturned(changed.PaymentHash, Incoming: true, "reply invoice cancelled")); _jobs.Remove(job.PayloadId); break;
        }
        return true;
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

    public void AskForReplyPreimage(string payloadId)
    {
        if (!_jobs.TryGetValue(payloadId, out var job) || job.ReplyPaymentHash is null) return;
        SettlerRequest ask = job.AcceptedHoldUntilUnixMs is { } hold && job.ReplyInvoice is { } invoice
            ? ReplyAcceptedRequest.Create(job.ReplyPaymentHash, invoice, hold, node.Key)
            : new PreimageRequest(job.ReplyPaymentHash);
        node.Add(new CallSettler(job.Terms.SettlerUri, new ReplyPreimage(payloadId), ask));
    }

    public void OnReplyPreimageAnswer(string payloadId, SettlerResponse response)
    {
        if (!_jobs.TryGetValue(payloadId, out var job) || job.ReplyPaymentHash is null) return;
        switch (response)
        {
            case PreimagePublished published when Preimages.Matches(published.Preimage, job.ReplyPaymentHash):
                node.Add(new SettleInvoice(job.ReplyPaymentHash, published.Preimage));
                break;
            case SettlerRefused { Reason: SettlerRefusal.Cancelled }:
                node.Add(new CancelInvoice(job.ReplyPaymentHash));
                break;
            default:
                node.Add(new SetNodeTimer(new ReplyPreimage(payloadId), node.Now + node.Policy.SettlerPollMs));
                break;
        }
    }

    private ReplierJob? JobByReplyHash(byte[] paymentHash) =>
        _jobs.Values.FirstOrDefault(j => j.ReplyPaymentHash is { } h && h.AsSpan().SequenceEqual(paymentHash));
}
