using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// Cheat 11 on the node: a sender's requests and the offers they got are forgotten
/// <see cref="FinishedRetentionMs"/> after they finished (cancelled or past the deadline with no offer accepted, or
/// both payments of the accepted offer resolved), so a node's memory does not grow with every ride it ever asked for. The sweep runs on
/// an engine timer, so an idle node forgets too; time is the engine's input. Also what of the sender's jobs a restart must keep.
/// </summary>
internal sealed partial class Sender
{
    private Dictionary<string, long>? _finishedSeenAtMap;
    private Dictionary<string, long> _finishedSeenAt => _finishedSeenAtMap ??= [];
    private long _nextSweepMs;
    private bool _sweepArmed;

    public long FinishedRetentionMs { get; set; } = 3_600_000;

    public int RememberedRequests => _ownBroadcastsMap?.Count ?? 0;

    public bool IsEmpty => _ownBroadcastsMap is not { Count: > 0 };

    /// <summary>Before every input: forgets the requests finished for longer than the retention.</summary>
    public void SweepFinished(bool sweepTimerFired)
    {
        if (sweepTimerFired) _sweepArmed = false;
        var interval = Math.Max(1, FinishedRetentionMs / 10);
        if (node.Now < _nextSweepMs) return;
        _nextSweepMs = node.Now + interval;
        if (_ownBroadcastsMap is not { Count: > 0 }) return;
        foreach (var own in _ownBroadcasts.Values.ToList())
        {
            if (!Finished(own))
            {
                _finishedSeenAt.Remove(own.PayloadId);
                continue;
            }
            if (!_finishedSeenAt.TryGetValue(own.PayloadId, out var seenAt)) _finishedSeenAt[own.PayloadId] = node.Now;
            else if (node.Now - seenAt >= FinishedRetentionMs) Forget(own);
        }
    }

    /// <summary>After every input: a node that remembers requests has the sweep timer set, also right after its first request.</summary>
    public void ArmSweep()
    {
        if (!_sweepArmed && _ownBroadcastsMap is { Count: > 0 })
        {
            node.Add(new SetNodeTimer(ForgetFinished.Instance, _nextSweepMs));
            _sweepArmed = true;
        }
    }

    /// <summary>
    /// Without a paid offer a request ends when it is cancelled or its reply deadline passes; with one, only when both
    /// payments resolved (a cancel after paying does not end the ride: its money is still held, and the sender must
    /// still be able to report or dispute it).
    /// </summary>
    private bool Finished(OwnBroadcast own) =>
        own.Accepted is null
            ? own.Cancelled || node.Now > own.ReplyDeadlineUnixMs
            : own.NetworkPaymentResolved && own.ReplyPaymentResolved;

    private void Forget(OwnBroadcast own)
    {
        _ownBroadcasts.Remove(own.PayloadId);
        _finishedSeenAt.Remove(own.PayloadId);
        foreach (var offer in own.Offers) _offers.Remove(offer.OfferId);
    }

    public IReadOnlyList<SenderJobState> Export() => _ownBroadcasts.Values
        .Where(o => o.Accepted is not null && !(o.NetworkPaymentResolved && o.ReplyPaymentResolved))
        .OrderBy(o => o.PayloadId, StringComparer.Ordinal)
        .Select(o => new SenderJobState(o.SignedRequest.ToByteArray(), o.ReplyDeadlineUnixMs, o.Accepted!, o.NetworkPreimage,
            o.NetworkPaymentResolved, o.ReplyPaymentResolved, ReferenceEquals(o.Key, node.Key) ? null : o.Key.Bytes.ToArray()))
        .ToList();

    public void Import(SenderJobState job)
    {
        var offer = job.Offer;
        var key = job.RequestKey is { } requestKey ? Crypto.SecretKey.FromBytes(requestKey) : node.Key;
        var own = new OwnBroadcast(offer.PayloadId, SignedRequestPayload.Parser.ParseFrom(job.SignedRequest), job.ReplyDeadlineUnixMs, key)
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
        else node.Add(new SetNodeTimer(new KeyReveal(offer.OfferId), node.Now));
    }
}
