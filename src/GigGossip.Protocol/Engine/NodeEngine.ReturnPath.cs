using GigGossip.Protocol.Peers;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// The way back: peel one onion layer, check the SettlementPromise and the network invoice, issue this
/// node's own invoice on the same payment hash for the downstream amount plus its fee, pass the frame
/// on. Then the payment chain: pay downstream when paid, settle upstream when the preimage arrives.
/// </summary>
public sealed partial class NodeEngine
{
    /// <summary>Replies this node routed (or sent as replier), by network payment hash.</summary>
    private readonly Dictionary<string, RoutedReply> _routed = [];

    /// <summary>Replies waiting for this node's invoice to be created, by correlation id.</summary>
    private readonly Dictionary<string, PendingRoute> _pendingRoutes = [];

    /// <summary>How many routed replies still wait for their invoice to settle or be cancelled.</summary>
    public int OpenRoutes => _routed.Count + _pendingRoutes.Count;

    private sealed record RoutedReply(byte[] PaymentHash, string DownstreamInvoice, long DownstreamAmountMsat, long MyAmountMsat, PublicKey Upstream)
    {
        public bool PaidDownstream { get; set; }
        public bool Finished { get; set; }
    }

    private sealed record PendingRoute(ReplyFrame Frame, PublicKey Previous, byte[] Inner, byte[] PaymentHash, long DownstreamAmountMsat);

    private void OnReply(PublicKey from, ReplyFrame reply)
    {
        OnionPeel peel;
        try { peel = BackwardOnion.Peel(_key, reply.ForwardOnion.Span); }
        catch (OnionException e)
        {
            Reject(from, RejectionReason.TamperedOnion, e.Message);
            return;
        }
        if (VerifyPromisedReply(from, reply) is not { } checkedReply) return;
        Credit(from, PeerActivity.RoutedReply);
        if (peel is not OnionPeel.Forward forward)
        {
            OnReplyAsSender(from, reply, checkedReply);
            return;
        }
        var hash = checkedReply.Promise.NetworkPaymentHash.ToByteArray();
        if (_routed.ContainsKey(Hex(hash)) || _pendingRoutes.Values.Any(p => p.PaymentHash.AsSpan().SequenceEqual(hash)))
        {
            Reject(from, RejectionReason.RouteLoop, "this node already routes a reply on that payment hash");
            return;
        }
        var correlationId = RouteInvoicePrefix + Hex(NewId());
        _pendingRoutes[correlationId] = new PendingRoute(reply, forward.PreviousPeer, forward.Inner, hash, checkedReply.NetworkInvoice.AmountMsat!.Value);
        var amount = checked(checkedReply.NetworkInvoice.AmountMsat!.Value + Policy.RoutingFeeMsat);
        _effects.Add(new CreateInvoice(correlationId, hash, amount, "gig-gossip network", _now + Policy.InvoiceExpiryMs));
    }

    private sealed record CheckedReply(SettlementPromise Promise, Bolt11Invoice NetworkInvoice, TrustedSettler Settler);

    /// <summary>The checks every hop (and the sender) makes on a ReplyFrame before trusting its invoice.</summary>
    private CheckedReply? VerifyPromisedReply(PublicKey from, ReplyFrame reply)
    {
        if (reply.SettlementPromise is null)
        {
            Reject(from, RejectionReason.MalformedPayload, "reply has no settlement promise");
            return null;
        }
        var verification = SettlementPromises.Verify(reply.SettlementPromise, Policy.TrustedSettlers);
        var rejection = verification.Verdict switch
        {
            SettlementPromiseVerdict.Valid => (RejectionReason?)null,
            SettlementPromiseVerdict.UntrustedSettler => RejectionReason.UntrustedSettler,
            SettlementPromiseVerdict.BadSignature => RejectionReason.BadPromiseSignature,
            _ => RejectionReason.MalformedPayload,
        };
        if (rejection is { } reason)
        {
            Reject(from, reason, $"settlement promise: {verification.Verdict}");
            return null;
        }
        var promise = verification.Promise!;
        var settler = Policy.TrustedSettlers.Find(promise.SettlerPublicKey)!;
        if (!Preimages.HashOf(reply.EncryptedReplyPayload.Span).AsSpan().SequenceEqual(promise.HashOfEncryptedReplyPayload.Span))
        {
            Reject(from, RejectionReason.EncryptedPayloadHashMismatch, "encrypted reply payload is not the one promised");
            return null;
        }
        Bolt11Invoice invoice;
        try { invoice = Bolt11Invoice.Decode(reply.NetworkInvoice); }
        catch (Bolt11FormatException e)
        {
            Reject(from, RejectionReason.MalformedInvoice, e.Message);
            return null;
        }
        if (!invoice.PaymentHash.Bytes.SequenceEqual(promise.NetworkPaymentHash.Span))
        {
            Reject(from, RejectionReason.InvoiceHashMismatch, "network invoice hash differs from the promised hash");
            return null;
        }
        if (invoice.AmountMsat is not { } amount || amount < promise.NetworkAmountMsat)
        {
            Reject(from, RejectionReason.InvoiceAmountMismatch, $"network invoice amount {invoice.AmountMsat} is below the settler's {promise.NetworkAmountMsat}");
            return null;
        }
        return new CheckedReply(promise, invoice, settler);
    }

    private void OnRouteInvoiceCreated(string correlationId, string bolt11)
    {
        if (!_pendingRoutes.Remove(correlationId, out var pending)) return;
        var myAmount = Bolt11Invoice.Decode(bolt11).AmountMsat!.Value;
        RememberRoute(pending.PaymentHash, pending.Frame.NetworkInvoice, pending.DownstreamAmountMsat, myAmount, pending.Previous);
        var forwarded = pending.Frame.Clone();
        forwarded.ForwardOnion = ByteString.CopyFrom(pending.Inner);
        forwarded.NetworkInvoice = bolt11;
        Send(pending.Previous, new Frame { Reply = forwarded });
        Emit(new ReplyRouted(pending.PaymentHash, myAmount, myAmount - pending.DownstreamAmountMsat));
    }

    private void RememberRoute(byte[] paymentHash, string downstreamInvoice, long downstreamAmount, long myAmount, PublicKey upstream) =>
        _routed[Hex(paymentHash)] = new RoutedReply(paymentHash, downstreamInvoice, downstreamAmount, myAmount, upstream);

    private void OnIssuedInvoiceChanged(IssuedInvoiceChanged changed)
    {
        if (_routed.TryGetValue(Hex(changed.PaymentHash), out var routed))
        {
            OnRoutedInvoiceChanged(routed, changed);
            return;
        }
        if (ReplierJobByReplyHash(changed.PaymentHash) is { } job)
        {
            switch (changed.State)
            {
                case InvoiceState.Accepted: OnReplyInvoiceAccepted(job, changed.HoldUntilUnixMs); break;
                case InvoiceState.Settled: Emit(new MoneySettled(changed.PaymentHash, Incoming: true, job.Terms.PriceMsat)); _replierJobs.Remove(job.PayloadId); break;
                case InvoiceState.Cancelled: Emit(new MoneyReturned(changed.PaymentHash, Incoming: true, "reply invoice cancelled")); _replierJobs.Remove(job.PayloadId); break;
            }
        }
    }

    private void OnRoutedInvoiceChanged(RoutedReply routed, IssuedInvoiceChanged changed)
    {
        switch (changed.State)
        {
            case InvoiceState.Accepted when !routed.PaidDownstream && !routed.Finished:
                var holdUntil = (changed.HoldUntilUnixMs ?? _now) - Policy.HoldDeltaMs;
                if (holdUntil <= _now)
                {
                    // Too little time left to be sure of settling upstream after downstream: refuse the route.
                    _effects.Add(new CancelInvoice(routed.PaymentHash));
                    return;
                }
                routed.PaidDownstream = true;
                _effects.Add(new PayInvoice(routed.DownstreamInvoice, holdUntil));
                break;
            case InvoiceState.Settled:
                Finish(routed);
                Emit(new MoneySettled(routed.PaymentHash, Incoming: true, routed.MyAmountMsat));
                break;
            case InvoiceState.Cancelled:
                Finish(routed);
                Emit(new MoneyReturned(routed.PaymentHash, Incoming: true, "network invoice cancelled"));
                break;
        }
    }

    /// <summary>A route whose invoice settled or was cancelled is forgotten: a long-running node keeps only what is pending.</summary>
    private void Finish(RoutedReply routed)
    {
        routed.Finished = true;
        _routed.Remove(Hex(routed.PaymentHash));
    }

    private void OnPaymentChanged(PaymentChanged changed)
    {
        if (_routed.TryGetValue(Hex(changed.PaymentHash), out var routed) && routed.PaidDownstream && !routed.Finished)
        {
            switch (changed.State)
            {
                case InvoiceState.Settled when changed.Preimage is { } preimage && Preimages.Matches(preimage, routed.PaymentHash):
                    _effects.Add(new SettleInvoice(routed.PaymentHash, preimage));
                    break;
                case InvoiceState.Cancelled:
                    _effects.Add(new CancelInvoice(routed.PaymentHash));
                    break;
            }
            return;
        }
        OnSenderPaymentChanged(changed);
    }
}
