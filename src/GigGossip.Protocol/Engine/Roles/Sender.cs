using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using GigGossip.Protocol.Settlement;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// The sender's side: sign and broadcast the request, collect and verify offers until the deadline,
/// pay the best one, get the key from the settler, decrypt, report the job done or disputed.
/// </summary>
internal sealed partial class Sender(NodeContext node, SenderPolicy policy, Asker asker, Middleman middleman, SenderKeys keys)
{
    private Dictionary<string, OwnBroadcast>? _ownBroadcastsMap;
    private Dictionary<string, OwnBroadcast> _ownBroadcasts => _ownBroadcastsMap ??= [];

    /// <summary>Requests started while the node waits for one-time keys, by payload id.</summary>
    private Dictionary<string, BroadcastTopic>? _parkedMap;
    private Dictionary<string, BroadcastTopic> _parked => _parkedMap ??= [];
    private Dictionary<string, Offer>? _offersMap;
    private Dictionary<string, Offer> _offers => _offersMap ??= [];

    private sealed class OwnBroadcast(string payloadId, SignedRequestPayload signedRequest, long deadline, SecretKey key)
    {
        public string PayloadId { get; } = payloadId;
        /// <summary>The key this request is signed with (a one-time key, or the node's own): replies are sealed to it.</summary>
        public SecretKey Key { get; } = key;
        public SignedRequestPayload SignedRequest { get; } = signedRequest;
        public long ReplyDeadlineUnixMs { get; } = deadline;
        public List<Offer> Offers { get; } = [];
        public bool Cancelled { get; set; }
        public Offer? Accepted { get; set; }
        public byte[]? NetworkPreimage { get; set; }
        public bool KeyRevealed => NetworkPreimage is not null;
        public bool NetworkPaymentResolved { get; set; }
        public bool ReplyPaymentResolved { get; set; }
    }

    public IReadOnlyCollection<Offer> OffersFor(string payloadId) =>
        _ownBroadcasts.TryGetValue(payloadId, out var own) ? own.Offers : [];

    public IReadOnlyCollection<Offer> Offers => _offers.Values;

    public Offer? AcceptedOffer(string payloadId) => _ownBroadcasts.TryGetValue(payloadId, out var own) ? own.Accepted : null;

    public void StartBroadcast(BroadcastTopic command)
    {
        var payloadId = node.NewId();
        var id = NodeContext.Hex(payloadId);
        middleman.RememberOwn(PayloadKey.From(payloadId), command.ReplyDeadlineUnixMs);
        node.Add(new SetNodeTimer(new ReplyDeadline(id), command.ReplyDeadlineUnixMs));
        node.Emit(new BroadcastStarted(id));
        var identity = keys.Take();
        if (identity is null && keys.Enabled && keys.Asking)
        {
            _parked[id] = command;
            return;
        }
        Launch(payloadId, command, identity ?? keys.Network());
    }

    /// <summary>Signs the request with <paramref name="identity"/> and asks the peers to broadcast it.</summary>
    private void Launch(byte[] payloadId, BroadcastTopic command, RequestIdentity identity)
    {
        var request = new RequestPayload
        {
            PayloadId = ByteString.CopyFrom(payloadId),
            Topic = command.Topic,
            SenderCertificate = identity.Certificate,
            ValidUntilUnixMs = command.ReplyDeadlineUnixMs,
        };
        var signedRequest = SignedRequests.Sign(request, identity.Key);
        var own = new OwnBroadcast(NodeContext.Hex(payloadId), signedRequest, command.ReplyDeadlineUnixMs, identity.Key);
        _ownBroadcasts[own.PayloadId] = own;
        // The onion starts with a terminal slot sealed to this node, so the reply's last hop finds the sender at its end.
        var parsed = new ParsedRequest(signedRequest, request, identity.Parsed);
        var onion = FixedSizeOnion.Start(node.Id);
        if (!StartStamp(own, parsed, onion, identity.Key.PublicKey)) asker.AskPeers(parsed, onion, except: null, asSender: true);
    }

    /// <summary>The settler answered the node's ask for one-time certificates: the parked requests go out, each with its own key.</summary>
    public void OnKeysAnswer(SettlerResponse response)
    {
        var got = keys.OnAnswer(response);
        // Waiting requests go out each with a key of the batch; while a batch is still to come (more waited than this one held,
        // or the settler did not answer and is asked again) they wait; only when the settler issues none do they go out under
        // the network key.
        foreach (var (id, command) in _parked.ToList())
        {
            if (node.Now > command.ReplyDeadlineUnixMs)
            {
                _parked.Remove(id);
                node.Emit(new NodeWarning($"request {id} passed its reply deadline while waiting for a one-time key; not sent"));
                continue;
            }
            var identity = got ? keys.Take() : null;
            if (identity is null && keys.Asking) continue;
            _parked.Remove(id);
            Launch(Convert.FromHexString(id), command, identity ?? keys.Network());
        }
    }

    /// <summary>The settler did not answer the last ask for one-time certificates: ask again (the waiting requests wait on).</summary>
    public void OnKeysRetry() => keys.Retry();

    public void Cancel(string payloadId)
    {
        if (_parked.Remove(payloadId)) return;
        if (!_ownBroadcasts.TryGetValue(payloadId, out var own) || own.Cancelled) return;
        own.Cancelled = true;
        var cancel = CancelBroadcasts.Create(ByteString.CopyFrom(Convert.FromHexString(payloadId)), own.Key);
        foreach (var peer in node.Peers) node.Send(peer, new Frame { CancelBroadcast = cancel });
    }

    /// <summary>A reply that came back to the end of its onion: checked as an offer and kept when it holds.</summary>
    public void OnReply(PublicKey from, ReplyFrame reply, CheckedReply checkedReply)
    {
        var promise = checkedReply.Promise;
        if (!_ownBroadcasts.TryGetValue(NodeContext.Hex(promise.PayloadId), out var own))
        {
            node.Reject(from, RejectionReason.UnknownPayload, "reply for a payload this node did not send");
            return;
        }
        if (own.Cancelled || node.Now > own.ReplyDeadlineUnixMs)
        {
            node.Reject(from, RejectionReason.ReplyAfterDeadline, "reply arrived after the deadline or the cancel");
            return;
        }
        Bolt11Invoice replyInvoice;
        try { replyInvoice = Bolt11Invoice.Decode(System.Text.Encoding.UTF8.GetString(SealedBox.Open(own.Key, reply.EncryptedReplyInvoice.Span))); }
        catch (Exception e) when (e is Bolt11FormatException or DecryptionFailedException)
        {
            node.Reject(from, RejectionReason.MalformedInvoice, $"reply invoice: {e.Message}");
            return;
        }
        // The price comes from the reply invoice sealed to this node (middlemen never see it); the settler's promise pins that
        // exact invoice by its hash below, so the amount is the one the settler promised on.
        if (!replyInvoice.PaymentHash.Bytes.SequenceEqual(promise.ReplyPaymentHash.Span) || replyInvoice.AmountMsat is not { } price || price <= 0)
        {
            node.Reject(from, RejectionReason.InvoiceHashMismatch, "reply invoice differs from the promised hash or has no amount");
            return;
        }
        if (!ReplySignatures.InvoiceHash(replyInvoice.Text).AsSpan().SequenceEqual(promise.ReplyInvoiceHash.Span))
        {
            node.Reject(from, RejectionReason.ReplyInvoiceNotPromised, "the reply invoice is not the exact one the settler promised");
            return;
        }
        if (!CheckReplier(from, reply, promise, own, replyInvoice.Text)) return;
        var networkAmount = checkedReply.NetworkInvoice.AmountMsat!.Value;
        if (networkAmount > policy.MaxNetworkFeeMsat)
        {
            node.Reject(from, RejectionReason.FeeAboveLimit, $"network asks {networkAmount} msat, limit {policy.MaxNetworkFeeMsat}");
            return;
        }
        if (price > policy.MaxPriceMsat)
        {
            node.Reject(from, RejectionReason.PriceAboveLimit, $"price {price} msat, limit {policy.MaxPriceMsat}");
            return;
        }
        var offer = new Offer(NodeContext.Hex(node.NewId()), own.PayloadId, promise.NetworkPaymentHash.ToByteArray(), reply.NetworkInvoice, networkAmount,
            promise.NetworkAmountMsat, replyInvoice.Text, promise.ReplyPaymentHash.ToByteArray(), price,
            checkedReply.Settler.Uri, checkedReply.Settler.PublicKey, reply.EncryptedReplyPayload.ToByteArray(), node.Now, promise.MinHoldUntilUnixMs);
        own.Offers.Add(offer);
        _offers[offer.OfferId] = offer;
        node.Emit(new OfferReceived(offer));
    }

    /// <summary>
    /// Offers best first: the lowest total the sender pays (price plus network invoice, money rule "total cost"),
    /// then the lower price, then the earliest.
    /// </summary>
    public static IReadOnlyList<Offer> Rank(IEnumerable<Offer> offers) =>
        offers.OrderBy(o => o.PriceMsat + o.NetworkAmountMsat).ThenBy(o => o.PriceMsat).ThenBy(o => o.ReceivedAtUnixMs)
            .ThenBy(o => o.OfferId, StringComparer.Ordinal).ToList();

    public void OnReplyDeadline(string payloadId)
    {
        if (!_ownBroadcasts.TryGetValue(payloadId, out var own) || own.Cancelled) return;
        var ranked = Rank(own.Offers);
        node.Emit(new OffersCollected(payloadId, ranked));
        if (policy.AutoAcceptBestOffer && ranked.Count > 0 && own.Accepted is null) Accept(ranked[0].OfferId);
    }

    public void Accept(string offerId)
    {
        if (!_offers.TryGetValue(offerId, out var offer) || !_ownBroadcasts.TryGetValue(offer.PayloadId, out var own) || own.Accepted is not null)
        {
            node.Emit(new NodeWarning($"offer {offerId} cannot be accepted"));
            return;
        }
        own.Accepted = offer;
        node.Add(new PayInvoice(offer.NetworkInvoice, policy.NetworkHoldUntil(node.Now, offer.MinHoldUntilUnixMs)));
        node.Add(new PayInvoice(offer.ReplyInvoice, policy.ReplyHoldUntil(node.Now, offer.MinHoldUntilUnixMs)));
        node.Emit(new OfferPaid(offerId));
        node.Add(new SetNodeTimer(new KeyReveal(offerId), node.Now + node.Policy.SettlerPollMs));
    }

    public void AskForKey(string offerId)
    {
        if (!_offers.TryGetValue(offerId, out var offer) || _ownBroadcasts[offer.PayloadId] is not { KeyRevealed: false } own) return;
        var request = KeyRevealRequest.Create(own.Key, offer.SettlerPublicKey, offer.NetworkPaymentHash, offer.ReplyPaymentHash,
            Convert.FromHexString(offer.PayloadId), node.Now, node.NewId());
        node.Add(new CallSettler(offer.SettlerUri, new KeyReveal(offerId), request));
    }

    public void OnKeyRevealAnswer(string offerId, SettlerResponse response)
    {
        if (!_offers.TryGetValue(offerId, out var offer)) return;
        var own = _ownBroadcasts[offer.PayloadId];
        switch (response)
        {
            case KeyRevealed revealed when Preimages.Matches(revealed.NetworkPreimage, offer.NetworkPaymentHash):
                own.NetworkPreimage = revealed.NetworkPreimage;
                OpenOffer(offer, own, revealed.NetworkPreimage);
                break;
            case SettlerRefused { Reason: SettlerRefusal.NotYet }:
                node.Add(new SetNodeTimer(new KeyReveal(offerId), node.Now + node.Policy.SettlerPollMs));
                break;
            default:
                node.Emit(new NodeWarning($"settler would not reveal the key for offer {offerId}: {SettlerResponses.Describe(response)}"));
                break;
        }
    }

    private void OpenOffer(Offer offer, OwnBroadcast own, byte[] networkPreimage)
    {
        ReplyPayload payload;
        ReplyMessage message;
        try
        {
            payload = FrameReader.ReadReplyPayload(ReplyPayloadSeal.Open(networkPreimage, own.Key, offer.EncryptedReplyPayload));
            if (!payload.SignedRequestPayload.Equals(own.SignedRequest)) throw new DecryptionFailedException("the reply answers another request");
            message = ReplyMessage.Parser.ParseFrom(SealedBox.Open(own.Key, payload.EncryptedReplyMessage.Span));
        }
        catch (Exception e) when (e is DecryptionFailedException or InvalidProtocolBufferException or FrameFormatException)
        {
            node.Emit(new NodeWarning($"offer {offer.OfferId} does not open: {e.Message}; disputing"));
            ReportJob(own.PayloadId, JobOutcome.Disputed);
            return;
        }
        var verdict = node.VerifyCertificate(payload.ReplierCertificate);
        if (verdict != CertificateVerdict.Valid)
        {
            node.Emit(new NodeWarning($"replier certificate {verdict}; disputing"));
            ReportJob(own.PayloadId, JobOutcome.Disputed);
            return;
        }
        var replier = PublicKey.FromBytes(payload.ReplierCertificate.ReadCertificate().SubjectPublicKey.Span);
        node.Emit(new ContactRevealed(offer.OfferId, own.PayloadId, replier, message.Contact, offer.PriceMsat, PickupCode.Of(networkPreimage)));
    }

    public void ReportJob(string payloadId, JobOutcome outcome)
    {
        if (!_ownBroadcasts.TryGetValue(payloadId, out var own) || own.Accepted is not { } offer)
        {
            node.Emit(new NodeWarning($"no paid offer for {payloadId}"));
            return;
        }
        var signature = own.Key.Sign(SignatureTags.JobReport, JobReportRequest.SignedBytes(offer.NetworkPaymentHash, outcome));
        node.Add(new CallSettler(offer.SettlerUri, new JobReportCall(payloadId, outcome), new JobReportRequest(offer.NetworkPaymentHash, outcome, signature)));
    }

    /// <summary>
    /// The settler's answer to a job report. A report it did not take because it was down or not ready (NotYet) is made
    /// again at the next settler poll: a rider's "done" must not be lost to a settler restart, or the driver waits for the
    /// default decision.
    /// </summary>
    public void OnJobReportAnswer(string payloadId, JobOutcome outcome, SettlerResponse response)
    {
        if (response is Acknowledged)
        {
            node.Emit(new JobReported(payloadId, outcome));
            return;
        }
        node.Emit(new NodeWarning($"settler did not take the report for {payloadId}: {SettlerResponses.Describe(response)}"));
        if (response is SettlerRefused { Reason: SettlerRefusal.NotYet })
            node.Add(new SetNodeTimer(new JobReportRetry(payloadId, outcome), node.Now + node.Policy.SettlerPollMs));
    }

    /// <summary>Makes a job report again, unless the job's network payment has settled or been cancelled meanwhile.</summary>
    public void RetryReport(string payloadId, JobOutcome outcome)
    {
        if (_ownBroadcasts.TryGetValue(payloadId, out var own) && !own.NetworkPaymentResolved) ReportJob(payloadId, outcome);
    }

    public void OnPaymentChanged(PaymentChanged changed)
    {
        var offer = _offers.Values.FirstOrDefault(o =>
            o.NetworkPaymentHash.AsSpan().SequenceEqual(changed.PaymentHash) || o.ReplyPaymentHash.AsSpan().SequenceEqual(changed.PaymentHash));
        if (offer is null) return;
        var isNetwork = offer.NetworkPaymentHash.AsSpan().SequenceEqual(changed.PaymentHash);
        if (changed.State is InvoiceState.Settled or InvoiceState.Cancelled && _ownBroadcasts.TryGetValue(offer.PayloadId, out var own))
        {
            if (isNetwork) own.NetworkPaymentResolved = true;
            else own.ReplyPaymentResolved = true;
        }
        switch (changed.State)
        {
            case InvoiceState.Settled:
                node.Emit(new MoneySettled(changed.PaymentHash, Incoming: false, isNetwork ? offer.NetworkAmountMsat : offer.PriceMsat));
                break;
            case InvoiceState.Cancelled: node.Emit(new MoneyReturned(changed.PaymentHash, Incoming: false, changed.FailureReason ?? "payment cancelled")); break;
        }
    }

    /// <summary>The pickup code of a request this node sent, once the settler revealed its key.</summary>
    public string? PickupCodeFor(string payloadId) =>
        _ownBroadcasts.TryGetValue(payloadId, out var own) && own.NetworkPreimage is { } key ? PickupCode.Of(key) : null;

    /// <summary>The settler and the hash a statement about a request this node paid goes to.</summary>
    public (string SettlerUri, byte[] Hash, SecretKey Signer)? StatementTarget(string payloadId) =>
        _ownBroadcasts.TryGetValue(payloadId, out var own) && own.Accepted is { } offer ? (offer.SettlerUri, offer.NetworkPaymentHash, own.Key) : null;
}
