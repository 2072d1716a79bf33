using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine;

/// <summary>Export and import of the money-related state, so a host can restart a node in the middle of a payment.</summary>
public sealed partial class NodeEngine
{
    /// <summary>Routes, accepted offers and taken jobs whose money is still pending, in a stable order.</summary>
    public NodeMoneyState ExportMoneyState()
    {
        var routes = _routed.Values
            .Where(r => !r.Finished)
            .OrderBy(r => Hex(r.PaymentHash), StringComparer.Ordinal)
            .Select(r => new RouteState(r.PaymentHash, r.DownstreamInvoice, r.DownstreamAmountMsat, r.MyAmountMsat, r.Upstream, r.PaidDownstream))
            .ToList();
        var senderJobs = _ownBroadcasts.Values
            .Where(o => o.Accepted is not null && !(o.NetworkPaymentResolved && o.ReplyPaymentResolved))
            .OrderBy(o => o.PayloadId, StringComparer.Ordinal)
            .Select(o => new SenderJobState(o.SignedRequest.ToByteArray(), o.ReplyDeadlineUnixMs, o.Accepted!, o.NetworkPreimage,
                o.NetworkPaymentResolved, o.ReplyPaymentResolved))
            .ToList();
        var replierJobs = _replierJobs.Values
            .Where(j => j.ReplyPaymentHash is not null && j.ReplyInvoice is not null && j.ReplyPayload is not null)
            .OrderBy(j => j.PayloadId, StringComparer.Ordinal)
            .Select(j => new ReplierJobState(j.PayloadId, j.SignedRequest.ToByteArray(), j.Sender, j.ReplyPaymentHash!, j.ReplyInvoice!,
                j.ReplyPayload!, j.Terms.PriceMsat, j.Terms.SettlerUri))
            .ToList();
        return new NodeMoneyState(routes, senderJobs, replierJobs);
    }

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
        if (_routed.Count > 0 || _ownBroadcasts.Count > 0 || _replierJobs.Count > 0)
            throw new InvalidOperationException("money state can only be imported into an engine that has none");
        _now = nowUnixMs;
        _effects = [];
        foreach (var route in state.Routes)
        {
            RememberRoute(route.PaymentHash, route.DownstreamInvoice, route.DownstreamAmountMsat, route.MyAmountMsat, route.Upstream);
            _routed[Hex(route.PaymentHash)].PaidDownstream = route.PaidDownstream;
        }
        foreach (var job in state.SenderJobs) ImportSenderJob(job);
        foreach (var job in state.ReplierJobs)
        {
            var terms = new WorkerPolicy(_ => false, job.PriceMsat, job.SettlerUri, "");
            _replierJobs[job.PayloadId] = new ReplierJob(job.PayloadId, SignedRequestPayload.Parser.ParseFrom(job.SignedRequest), job.Sender, terms)
            {
                ReplyPaymentHash = job.ReplyPaymentHash,
                ReplyInvoice = job.ReplyInvoice,
                ReplyPayload = job.ReplyPayload,
            };
        }
        return _effects;
    }

    private void ImportSenderJob(SenderJobState job)
    {
        var offer = job.Offer;
        var own = new OwnBroadcast(offer.PayloadId, SignedRequestPayload.Parser.ParseFrom(job.SignedRequest), job.ReplyDeadlineUnixMs)
        {
            Accepted = offer,
            NetworkPreimage = job.NetworkPreimage,
            NetworkPaymentResolved = job.NetworkPaymentResolved,
            ReplyPaymentResolved = job.ReplyPaymentResolved,
        };
        own.Offers.Add(offer);
        _ownBroadcasts[own.PayloadId] = own;
        _offers[offer.OfferId] = offer;
        if (job.NetworkPreimage is { } preimage) OpenOffer(offer, own, preimage);
        else _effects.Add(new SetTimer(RevealPrefix + offer.OfferId, _now));
    }
}
