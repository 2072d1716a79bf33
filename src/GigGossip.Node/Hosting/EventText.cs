using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Hosting;

/// <summary>One line per event, for the log and the CLI: no key material, no ciphertexts.</summary>
public static class EventText
{
    public static string Describe(NodeEvent nodeEvent) => nodeEvent switch
    {
        FrameRejected r => $"rejected a frame from {Short(r.From.ToHex())}: {r.Reason} ({r.Detail})",
        BroadcastStarted b => $"request {b.PayloadId} broadcast started",
        BroadcastSent b => $"{(b.AsSender ? "broadcast" : "forwarded")} {Short(b.PayloadId)} to {Short(b.To.ToHex())}",
        BroadcastReceived b => $"received {Short(b.PayloadId)} from {Short(b.From.ToHex())}{(b.TakesJob ? "; taking the job" : "")}",
        ReplySent r => $"took job {Short(r.PayloadId)}; reply sent",
        ReplyRouted r => $"routed a reply: invoice {r.AmountMsat} msat, fee {r.FeeMsat} msat",
        OfferReceived o => $"offer {o.Offer.OfferId} for {Short(o.Offer.PayloadId)}: price {o.Offer.PriceMsat} msat, network {o.Offer.NetworkAmountMsat} msat",
        OffersCollected c => $"{c.Offers.Count} offers for {Short(c.PayloadId)} at the reply deadline",
        OfferPaid p => $"offer {p.OfferId} paid; money held",
        PickupReported p => $"pickup code for {Short(p.PayloadId)} taken by the settler: proof of service",
        StatementSubmitted s => $"statement about {Short(s.PayloadId)} taken by the settler",
        ContactRevealed c => $"contact for {Short(c.PayloadId)} revealed: {c.Contact} (price {c.PriceMsat} msat){(c.PickupCode is null ? "" : $"; pickup code {c.PickupCode}: tell it to the driver at pickup")}",
        MoneySettled m => $"{(m.Incoming ? "received" : "paid")} {m.AmountMsat} msat on {Short(Convert.ToHexStringLower(m.PaymentHash))}",
        MoneyReturned m => $"{(m.Incoming ? "invoice" : "payment")} on {Short(Convert.ToHexStringLower(m.PaymentHash))} cancelled: {m.Reason}",
        JobReported j => $"job {Short(j.PayloadId)} reported {j.Outcome}",
        NodeWarning w => $"warning: {w.Message}",
        PeerUp p => $"peer {Short(p.Peer.ToHex())} connected ({(p.Inbound ? "inbound" : "outbound")})",
        PeerDown p => $"peer {Short(p.Peer.ToHex())} disconnected: {p.Reason}",
        PeerRedialling p => $"peer {p.Address}: {p.Reason}",
        InboundHandshakeFailed h => $"refused an incoming connection from {h.RemoteEndPoint}: {h.Reason}",
        PeerMisbehaved m => $"peer {Short(m.Peer.ToHex())} sent a frame that does not decode ({m.BadFrames}){(m.Disconnected ? ", disconnected" : "")}: {m.Detail}",
        PeerDropped d => $"dropped peer {Short(d.Peer.ToHex())}: {d.Reason}",
        PeerRecordsReceived r => $"peer {Short(r.From.ToHex())} sent {r.Received} peer records: {r.Added} new, {r.Refused} refused",
        PeerDialFailed f => $"dialling {Short(f.Peer.ToHex())} at {f.Address} failed: {f.Reason}",
        TrustRefreshed t => $"revocation list of {t.SettlerUri}: {t.RevokedCertificates} revoked",
        _ => nodeEvent.GetType().Name,
    };

    private static string Short(string hex) => hex.Length > 12 ? hex[..12] : hex;
}
