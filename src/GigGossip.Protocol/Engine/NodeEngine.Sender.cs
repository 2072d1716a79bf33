using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// The sender's side: sign and broadcast the request, collect and verify offers until the deadline,
/// pay the best one, get the key from the settler, decrypt, report the job done or disputed.
/// </summary>
public sealed partial class NodeEngine
{
    private readonly Dictionary<string, OwnBroadcast> _ownBroadcasts = [];
    private readonly Dictionary<string, Offer> _offers = [];

    private sealed class OwnBroadcast(string payloadId, SignedRequestPayload signedRequest, long deadline)
    {
        public string PayloadId { get; } = payloadId;
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

    /// <summary>Every offer this node received as sender, for all its requests.</summary>
    public IReadOnlyCollection<Offer> Offers => _offers.Values;

    /// <summary>The offer this node accepted (and paid) for one of its requests, if any.</summary>
    public Offer? AcceptedOffer(string payloadId) => _ownBroadcasts.TryGetValue(payloadId, out var own) ? own.Accepted : null;

    private void StartBroadcast(BroadcastTopic command)
    {
        var payloadId = NewId();
        var request = new RequestPayload
        {
            PayloadId = ByteString.CopyFrom(payloadId),
            Topic = command.Topic,
            SenderCertificate = _certificate,
            ValidUntilUnixMs = command.ReplyDeadlineUnixMs,
        };
        var signedRequest = SignedRequests.Sign(request, _key);
        var own = new OwnBroadcast(Hex(payloadId), signedRequest, command.ReplyDeadlineUnixMs);
        _ownBroadcasts[own.PayloadId] = own;
        // The sender never broadcasts its own payload again when it comes back around.
        _seenPayloads.Set(own.PayloadId, new SeenPayload(int.MaxValue, Id, false, command.ReplyDeadlineUnixMs), command.ReplyDeadlineUnixMs + Policy.MemoryWindowMs);
        _effects.Add(new SetTimer(DeadlinePrefix + own.PayloadId, command.ReplyDeadlineUnixMs));
        Emit(new BroadcastStarted(own.PayloadId));
        AskPeers(signedRequest, BackwardOnion.Empty, except: null, asSender: true);
    }

    private void CancelOwnBroadcast(string payloadId)
    {
        if (!_ownBroadcasts.TryGetValue(payloadId, out var own) || own.Cancelled) return;
        own.Cancelled = true;
        var cancel = CancelBroadcasts.Create(ByteString.CopyFrom(Convert.FromHexString(payloadId)), _key);
        foreach (var peer in _peers) Send(peer, new Frame { CancelBroadcast = cancel });
    }

    private void OnReplyAsSender(PublicKey from, ReplyFrame reply, CheckedReply checkedReply)
    {
        var promise = checkedReply.Promise;
        if (!_ownBroadcasts.TryGetValue(Hex(promise.PayloadId), out var own))
        {
            Reject(from, RejectionReason.UnknownPayload, "reply for a payload this node did not send");
            return;
        }
        if (own.Cancelled || _now > own.ReplyDeadlineUnixMs)
        {
            Reject(from, RejectionReason.ReplyAfterDeadline, "reply arrived after the deadline or the cancel");
            return;
        }
        Bolt11Invoice replyInvoice;
        try { replyInvoice = Bolt11Invoice.Decode(System.Text.Encoding.UTF8.GetString(SealedBox.Open(_key, reply.EncryptedReplyInvoice.Span))); }
        catch (Exception e) when (e is Bolt11FormatException or DecryptionFailedException)
        {
            Reject(from, RejectionReason.MalformedInvoice, $"reply invoice: {e.Message}");
            return;
        }
        if (!replyInvoice.PaymentHash.Bytes.SequenceEqual(promise.ReplyPaymentHash.Span) || replyInvoice.AmountMsat != promise.ReplyPaymentAmountMsat)
        {
            Reject(from, RejectionReason.InvoiceHashMismatch, "reply invoice differs from the promised hash or amount");
            return;
        }
        if (!ReplySignatures.InvoiceHash(replyInvoice.Text).AsSpan().SequenceEqual(promise.ReplyInvoiceHash.Span))
        {
            Reject(from, RejectionReason.ReplyInvoiceNotPromised, "the reply invoice is not the exact one the settler promised");
            return;
        }
        if (!CheckReplier(from, reply, promise, own, replyInvoice.Text)) return;
        var networkAmount = checkedReply.NetworkInvoice.AmountMsat!.Value;
        if (networkAmount > _sender.MaxNetworkFeeMsat)
        {
            Reject(from, RejectionReason.FeeAboveLimit, $"network asks {networkAmount} msat, limit {_sender.MaxNetworkFeeMsat}");
            return;
        }
        if (promise.ReplyPaymentAmountMsat > _sender.MaxPriceMsat)
        {
            Reject(from, RejectionReason.PriceAboveLimit, $"price {promise.ReplyPaymentAmountMsat} msat, limit {_sender.MaxPriceMsat}");
            return;
        }
        var offer = new Offer(Hex(NewId()), own.PayloadId, promise.NetworkPaymentHash.ToByteArray(), reply.NetworkInvoice, networkAmount,
            promise.NetworkAmountMsat, replyInvoice.Text, promise.ReplyPaymentHash.ToByteArray(), promise.ReplyPaymentAmountMsat,
            checkedReply.Settler.Uri, checkedReply.Settler.PublicKey, reply.EncryptedReplyPayload.ToByteArray(), _now, promise.MinHoldUntilUnixMs);
        own.Offers.Add(offer);
        _offers[offer.OfferId] = offer;
        Emit(new OfferReceived(offer));
    }

    /// <summary>
    /// Offers best first: the lowest total the sender pays (price plus network invoice, money rule "total cost"),
    /// then the lower price, then the earliest.
    /// </summary>
    public static IReadOnlyList<Offer> Rank(IEnumerable<Offer> offers) =>
        offers.OrderBy(o => o.PriceMsat + o.NetworkAmountMsat).ThenBy(o => o.PriceMsat).ThenBy(o => o.ReceivedAtUnixMs)
            .ThenBy(o => o.OfferId, StringComparer.Ordinal).ToList();

    private void OnReplyDeadline(string payloadId)
    {
        if (!_ownBroadcasts.TryGetValue(payloadId, out var own) || own.Cancelled) return;
        var ranked = Rank(own.Offers);
        Emit(new OffersCollected(payloadId, ranked));
        if (_sender.AutoAcceptBestOffer && ranked.Count > 0 && own.Accepted is null) AcceptOfferById(ranked[0].OfferId);
    }

    private void AcceptOfferById(string offerId)
    {
        if (!_offers.TryGetValue(offerId, out var offer) || !_ownBroadcasts.TryGetValue(offer.PayloadId, out var own) || own.Accepted is not null)
        {
            Emit(new NodeWarning($"offer {offerId} cannot be accepted"));
            return;
        }
        own.Accepted = offer;
        _effects.Add(new PayInvoice(offer.NetworkInvoice, _sender.NetworkHoldUntil(_now, offer.MinHoldUntilUnixMs)));
        _effects.Add(new PayInvoice(offer.ReplyInvoice, _sender.ReplyHoldUntil(_now, offer.MinHoldUntilUnixMs)));
        Emit(new OfferPaid(offerId));
        _effects.Add(new SetTimer(RevealPrefix + offerId, _now + Policy.SettlerPollMs));
    }

    private void AskForKey(string offerId)
    {
        if (!_offers.TryGetValue(offerId, out var offer) || _ownBroadcasts[offer.PayloadId].KeyRevealed) return;
        var request = KeyRevealRequest.Create(_key, offer.SettlerPublicKey, offer.NetworkPaymentHash, offer.ReplyPaymentHash,
            Convert.FromHexString(offer.PayloadId), _now, NewId());
        _effects.Add(new CallSettler(offer.SettlerUri, RevealPrefix + offerId, request));
    }

    private void OnKeyRevealAnswer(string offerId, SettlerResponse response)
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
                _effects.Add(new SetTimer(RevealPrefix + offerId, _now + Policy.SettlerPollMs));
                break;
            default:
                Emit(new NodeWarning($"settler would not reveal the key for offer {offerId}: {SettlerResponses.Describe(response)}"));
                break;
        }
    }

    private void OpenOffer(Offer offer, OwnBroadcast own, byte[] networkPreimage)
    {
        ReplyPayload payload;
        ReplyMessage message;
        try
        {
            payload = FrameReader.ReadReplyPayload(SymmetricSeal.Open(networkPreimage, offer.EncryptedReplyPayload));
            if (!payload.SignedRequestPayload.Equals(own.SignedRequest)) throw new DecryptionFailedException("the reply answers another request");
            message = ReplyMessage.Parser.ParseFrom(SealedBox.Open(_key, payload.EncryptedReplyMessage.Span));
        }
        catch (Exception e) when (e is DecryptionFailedException or InvalidProtocolBufferException or FrameFormatException)
        {
            Emit(new NodeWarning($"offer {offer.OfferId} does not open: {e.Message}; disputing"));
            ReportJob(own.PayloadId, JobOutcome.Disputed);
            return;
        }
        var verdict = VerifyCertificate(payload.ReplierCertificate);
        if (verdict != CertificateVerdict.Valid)
        {
            Emit(new NodeWarning($"replier certificate {verdict}; disputing"));
            ReportJob(own.PayloadId, JobOutcome.Disputed);
            return;
        }
        var replier = PublicKey.FromBytes(payload.ReplierCertificate.ReadCertificate().SubjectPublicKey.Span);
        Emit(new ContactRevealed(offer.OfferId, own.PayloadId, replier, message.Contact, offer.PriceMsat, PickupCode.Of(networkPreimage)));
    }

    private void ReportJob(string payloadId, JobOutcome outcome)
    {
        if (!_ownBroadcasts.TryGetValue(payloadId, out var own) || own.Accepted is not { } offer)
        {
            Emit(new NodeWarning($"no paid offer for {payloadId}"));
            return;
        }
        var signature = _key.Sign(SignatureTags.JobReport, JobReportRequest.SignedBytes(offer.NetworkPaymentHash, outcome));
        _effects.Add(new CallSettler(offer.SettlerUri, ReportPrefix + payloadId + "/" + (int)outcome, new JobReportRequest(offer.NetworkPaymentHash, outcome, signature)));
    }

    private void OnJobReportAnswer(string id, SettlerResponse response)
    {
        var slash = id.IndexOf('/');
        var payloadId = id[..slash];
        var outcome = (JobOutcome)int.Parse(id[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        if (response is Acknowledged) Emit(new JobReported(payloadId, outcome));
        else Emit(new NodeWarning($"settler did not take the report for {payloadId}: {SettlerResponses.Describe(response)}"));
    }

    private void OnSenderPaymentChanged(PaymentChanged changed)
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
                Emit(new MoneySettled(changed.PaymentHash, Incoming: false, isNetwork ? offer.NetworkAmountMsat : offer.PriceMsat));
                break;
            case InvoiceState.Cancelled: Emit(new MoneyReturned(changed.PaymentHash, Incoming: false, changed.FailureReason ?? "payment cancelled")); break;
        }
    }
}
