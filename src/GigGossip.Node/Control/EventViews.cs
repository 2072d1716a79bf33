using GigGossip.Node.Hosting;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Control;

/// <summary>Events as the control API shows them: the type, a line of text, and the fields an app needs.</summary>
internal static class EventViews
{
    public static EventView From(RecordedEvent recorded) => new(
        recorded.Sequence,
        recorded.At.ToUnixTimeMilliseconds(),
        recorded.Event.GetType().Name,
        EventText.Describe(recorded.Event),
        Data(recorded.Event));

    private static Dictionary<string, object?> Data(NodeEvent nodeEvent) => nodeEvent switch
    {
        BroadcastStarted b => new() { ["requestId"] = b.PayloadId },
        OfferReceived o => new() { ["offerId"] = o.Offer.OfferId, ["requestId"] = o.Offer.PayloadId, ["priceMsat"] = o.Offer.PriceMsat, ["networkMsat"] = o.Offer.NetworkAmountMsat },
        OffersCollected c => new() { ["requestId"] = c.PayloadId, ["offerIds"] = c.Offers.Select(o => o.OfferId).ToList() },
        OfferPaid p => new() { ["offerId"] = p.OfferId },
        ContactRevealed c => new() { ["offerId"] = c.OfferId, ["requestId"] = c.PayloadId, ["replier"] = c.Replier.ToHex(), ["contact"] = c.Contact, ["priceMsat"] = c.PriceMsat, ["pickupCode"] = c.PickupCode },
        ReplySent r => new() { ["requestId"] = r.PayloadId },
        PickupReported p => new() { ["requestId"] = p.PayloadId },
        StatementSubmitted s => new() { ["requestId"] = s.PayloadId },
        ReplyRouted r => new() { ["amountMsat"] = r.AmountMsat, ["feeMsat"] = r.FeeMsat },
        MoneySettled m => new() { ["paymentHash"] = Convert.ToHexStringLower(m.PaymentHash), ["incoming"] = m.Incoming, ["amountMsat"] = m.AmountMsat },
        MoneyReturned m => new() { ["paymentHash"] = Convert.ToHexStringLower(m.PaymentHash), ["incoming"] = m.Incoming, ["reason"] = m.Reason },
        JobReported j => new() { ["requestId"] = j.PayloadId, ["outcome"] = j.Outcome.ToString() },
        FrameRejected r => new() { ["from"] = r.From.ToHex(), ["reason"] = r.Reason.ToString() },
        PeerUp p => new() { ["peer"] = p.Peer.ToHex(), ["inbound"] = p.Inbound },
        PeerDown p => new() { ["peer"] = p.Peer.ToHex(), ["reason"] = p.Reason },
        PeerDropped d => new() { ["peer"] = d.Peer.ToHex(), ["reason"] = d.Reason },
        PeerRecordsReceived r => new() { ["peer"] = r.From.ToHex(), ["received"] = r.Received, ["added"] = r.Added, ["refused"] = r.Refused },
        PeerDialFailed f => new() { ["peer"] = f.Peer.ToHex(), ["address"] = f.Address, ["reason"] = f.Reason },
        _ => [],
    };
}
