using GigGossip.Protocol.Peers;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// The way back: peel one onion layer, check the SettlementPromise and the network invoice, issue this
/// node's own network invoice on the same payment hash for the downstream amount plus its fee, pass the frame
/// on. Then the payment chain: pay downstream when paid, settle upstream when the preimage arrives.
/// </summary>
internal sealed class ReturnPath(NodeContext node)
{
    /// <summary>Network invoices this node issued for replies it passed back (or sent as replier), by network payment hash.</summary>
    private Dictionary<PaymentHash, NetworkInvoiceHop>? _hopsMap;
    private Dictionary<PaymentHash, NetworkInvoiceHop> _hops => _hopsMap ??= [];

    /// <summary>Replies waiting for this node's network invoice to be created, by correlation id.</summary>
    private Dictionary<NetworkInvoiceFor, PendingHop>? _pendingMap;
    private Dictionary<NetworkInvoiceFor, PendingHop> _pending => _pendingMap ??= [];

    /// <summary>The peer each routed reply came from, by network payment hash: credited with the fee when the hop settles.</summary>
    private Dictionary<PaymentHash, PublicKey>? _routedFromMap;
    private Dictionary<PaymentHash, PublicKey> _routedFrom => _routedFromMap ??= [];

    /// <summary>How many replies passed back still wait for their network invoice to settle or be cancelled.</summary>
    public int Open => _hops.Count + _pending.Count;

    public bool IsEmpty => _hops.Count == 0;

    private sealed record NetworkInvoiceHop(PaymentHash PaymentHash, string DownstreamInvoice, long DownstreamAmountMsat, long MyAmountMsat, PublicKey Upstream)
    {
        public bool PaidDownstream { get; set; }
        public bool Finished { get; set; }
    }

    private sealed record PendingHop(ReplyFrame Frame, SettlementPromise Promise, PublicKey Previous, byte[] Inner, PaymentHash PaymentHash, long DownstreamAmountMsat);

    /// <summary>Passes a reply back one hop; returns the checked reply when this node is its sender (the onion's end), else null.</summary>
    public CheckedReply? OnReply(PublicKey from, ReplyFrame reply, SettlementPromise? parsedPromise)
    {
        if (FixedOnions.Problem(reply.BackwardOnion, reply.FixedBackwardOnion) is { } onionProblem)
        {
            node.Reject(from, onionProblem.Reason, onionProblem.Detail);
            return null;
        }
        OnionPeel peel;
        try { peel = FixedSizeOnion.Peel(node.Key, reply.FixedBackwardOnion.Span); }
        catch (OnionException e)
        {
            node.Reject(from, RejectionReason.TamperedOnion, e.Message);
            return null;
        }
        if (VerifyPromisedReply(from, reply, parsedPromise) is not { } checkedReply) return null;
        node.Credit(from, PeerActivity.RoutedReply);
        if (peel is not OnionPeel.Forward forward) return checkedReply;
        var hash = PaymentHash.FromBytes(checkedReply.Promise.NetworkPaymentHash.Span);
        if (_hops.ContainsKey(hash) || _pending.Values.Any(p => p.PaymentHash == hash))
        {
            node.Reject(from, RejectionReason.RouteLoop, "this node already routes a reply on that payment hash");
            return null;
        }
        var correlationId = new NetworkInvoiceFor(NodeContext.Hex(node.NewId()));
        _routedFrom[hash] = from;
        _pending[correlationId] = new PendingHop(reply, checkedReply.Promise, forward.PreviousPeer, forward.Inner, hash, checkedReply.NetworkInvoice.AmountMsat!.Value);
        var amount = checked(checkedReply.NetworkInvoice.AmountMsat!.Value + node.Policy.RoutingFeeMsat);
        node.Add(new CreateInvoice(correlationId, hash.ToArray(), amount, "gig-gossip network", node.Now + node.Policy.InvoiceExpiryMs));
        return null;
    }

    /// <summary>The checks every hop (and the sender) makes on a ReplyFrame before trusting its invoice.</summary>
    private CheckedReply? VerifyPromisedReply(PublicKey from, ReplyFrame reply, SettlementPromise? parsedPromise)
    {
        if (reply.SettlementPromise is null)
        {
            node.Reject(from, RejectionReason.MalformedPayload, "reply has no settlement promise");
            return null;
        }
        var verification = SettlementPromises.Verify(reply.SettlementPromise, node.Policy.TrustedSettlers, parsedPromise);
        var rejection = verification.Verdict switch
        {
            SettlementPromiseVerdict.Valid => (RejectionReason?)null,
            SettlementPromiseVerdict.UntrustedSettler => RejectionReason.UntrustedSettler,
            SettlementPromiseVerdict.BadSignature => RejectionReason.BadPromiseSignature,
            _ => RejectionReason.MalformedPayload,
        };
        if (rejection is { } reason)
        {
            node.Reject(from, reason, $"settlement promise: {verification.Verdict}");
            return null;
        }
        var promise = verification.Promise!;
        var settler = node.Policy.TrustedSettlers.Find(promise.SettlerPublicKey)!;
        if (!Preimages.HashOf(reply.EncryptedReplyPayload.Span).AsSpan().SequenceEqual(promise.HashOfEncryptedReplyPayload.Span))
        {
            node.Reject(from, RejectionReason.EncryptedPayloadHashMismatch, "encrypted reply payload is not the one promised");
            return null;
        }
        Bolt11Invoice invoice;
        try { invoice = Bolt11Invoice.Decode(reply.NetworkInvoice); }
        catch (Bolt11FormatException e)
        {
            node.Reject(from, RejectionReason.MalformedInvoice, e.Message);
            return null;
        }
        if (!invoice.PaymentHash.Bytes.SequenceEqual(promise.NetworkPaymentHash.Span))
        {
            node.Reject(from, RejectionReason.InvoiceHashMismatch, "network invoice hash differs from the promised hash");
            return null;
        }
        if (invoice.AmountMsat is not { } amount || amount < promise.NetworkAmountMsat)
        {
            node.Reject(from, RejectionReason.InvoiceAmountMismatch, $"network invoice amount {invoice.AmountMsat} is below the settler's {promise.NetworkAmountMsat}");
            return null;
        }
        return new CheckedReply(promise, invoice, settler);
    }

    public void OnNetworkInvoiceCreated(NetworkInvoiceFor correlationId, string bolt11)
    {
        if (!_pending.Remove(correlationId, out var pending)) return;
        var myAmount = Bolt11Invoice.Decode(bolt11).AmountMsat!.Value;
        Remember(pending.PaymentHash, pending.Frame.NetworkInvoice, pending.DownstreamAmountMsat, myAmount, pending.Previous);
        var forwarded = pending.Frame.Clone();
        forwarded.FixedBackwardOnion = ByteString.CopyFrom(pending.Inner);
        forwarded.NetworkInvoice = bolt11;
        node.Send(pending.Previous, DecodedFrame.Reply(forwarded, pending.Promise));
        node.Emit(new ReplyRouted(pending.PaymentHash.ToArray(), myAmount, myAmount - pending.DownstreamAmountMsat));
    }

    public void OnNetworkInvoiceFailed(NetworkInvoiceFor correlationId)
    {
        if (_pending.Remove(correlationId, out var pending)) _routedFrom.Remove(pending.PaymentHash);
    }

    /// <summary>This node issued a network invoice upstream on <paramref name="paymentHash"/>; it pays <paramref name="downstreamInvoice"/> once it is paid.</summary>
    public void Remember(PaymentHash paymentHash, string downstreamInvoice, long downstreamAmount, long myAmount, PublicKey upstream, bool paidDownstream = false) =>
        _hops[paymentHash] = new NetworkInvoiceHop(paymentHash, downstreamInvoice, downstreamAmount, myAmount, upstream) { PaidDownstream = paidDownstream };

    /// <summary>Handles a change of one of this node's network invoices; false when the invoice is not one.</summary>
    public bool OnIssuedInvoiceChanged(IssuedInvoiceChanged changed)
    {
        if (!TryFind(changed.PaymentHash, out var hop)) return false;
        switch (changed.State)
        {
            case InvoiceState.Accepted when !hop.PaidDownstream && !hop.Finished:
                var holdUntil = (changed.HoldUntilUnixMs ?? node.Now) - node.Policy.HoldDeltaMs;
                if (holdUntil <= node.Now)
                {
                    // Too little time left to be sure of settling upstream after downstream: refuse the route.
                    node.Add(new CancelInvoice(hop.PaymentHash.ToArray()));
                    break;
                }
                hop.PaidDownstream = true;
                node.Add(new PayInvoice(hop.DownstreamInvoice, holdUntil));
                break;
            case InvoiceState.Settled:
                Finish(hop);
                CreditSettledFee(hop);
                node.Emit(new MoneySettled(hop.PaymentHash.ToArray(), Incoming: true, hop.MyAmountMsat));
                break;
            case InvoiceState.Cancelled:
                Finish(hop);
                node.Emit(new MoneyReturned(hop.PaymentHash.ToArray(), Incoming: true, "network invoice cancelled"));
                break;
        }
        return true;
    }

    /// <summary>
    /// The whitepaper's track record: the fee this hop earned is credited to both peers of the route, the one the request
    /// came from (it paid) and the one the reply came through (it found the worker).
    /// </summary>
    private void CreditSettledFee(NetworkInvoiceHop hop)
    {
        var feeSat = Math.Max(0, hop.MyAmountMsat - hop.DownstreamAmountMsat) / 1000.0;
        if (feeSat <= 0) return;
        node.Scores?.Record(hop.Upstream, PeerActivity.SettledFee, node.Now, feeSat);
        if (_routedFrom.TryGetValue(hop.PaymentHash, out var downstream)) node.Scores?.Record(downstream, PeerActivity.SettledFee, node.Now, feeSat);
    }

    /// <summary>A network invoice that settled or was cancelled is forgotten: a long-running node keeps only what is pending.</summary>
    private void Finish(NetworkInvoiceHop hop)
    {
        hop.Finished = true;
        _hops.Remove(hop.PaymentHash);
        _routedFrom.Remove(hop.PaymentHash);
    }

    /// <summary>Handles a change of a downstream payment this node made; false when the payment is not one.</summary>
    public bool OnPaymentChanged(PaymentChanged changed)
    {
        if (!TryFind(changed.PaymentHash, out var hop) || !hop.PaidDownstream || hop.Finished) return false;
        switch (changed.State)
        {
            case InvoiceState.Settled when changed.Preimage is { } preimage && Preimages.Matches(preimage, hop.PaymentHash.Bytes):
                node.Add(new SettleInvoice(hop.PaymentHash.ToArray(), preimage));
                break;
            case InvoiceState.Cancelled:
                node.Add(new CancelInvoice(hop.PaymentHash.ToArray()));
                break;
        }
        return true;
    }

    /// <summary>The hop on a payment hash as a wallet reports it (any length; only 32 bytes can match).</summary>
    private bool TryFind(byte[] paymentHash, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out NetworkInvoiceHop? hop)
    {
        hop = null;
        return paymentHash.Length == PaymentHash.Length && _hops.TryGetValue(PaymentHash.FromBytes(paymentHash), out hop);
    }

    public IReadOnlyList<RouteState> Export() => _hops.Values
        .Where(r => !r.Finished)
        .OrderBy(r => r.PaymentHash.ToHex(), StringComparer.Ordinal)
        .Select(r => new RouteState(r.PaymentHash.ToArray(), r.DownstreamInvoice, r.DownstreamAmountMsat, r.MyAmountMsat, r.Upstream, r.PaidDownstream))
        .ToList();
}
