namespace GigGossip.Protocol.Engine;

/// <summary>
/// Cheat 11 on the node: a sender's requests and the offers they got are forgotten
/// <see cref="FinishedRetentionMs"/> after they finished (cancelled or past the deadline with no offer accepted, or
/// both payments of the accepted offer resolved), so a node's memory does not grow with every ride it ever asked for. The sweep runs on
/// an engine timer, so an idle node forgets too; time is the engine's input.
/// </summary>
public sealed partial class NodeEngine
{
    private const string SweepTimerId = "forget-finished";

    private readonly Dictionary<string, long> _finishedSeenAt = [];
    private long _nextSweepMs;
    private bool _sweepArmed;

    /// <summary>How long a finished request and its offers stay listed (default an hour).</summary>
    public long FinishedRetentionMs { get; set; } = 3_600_000;

    /// <summary>Requests this node sent that it still remembers.</summary>
    public int RememberedRequests => _ownBroadcasts.Count;

    private void SweepFinished(EngineInput input)
    {
        if (input is TimerFired { TimerId: SweepTimerId }) _sweepArmed = false;
        var interval = Math.Max(1, FinishedRetentionMs / 10);
        if (_now >= _nextSweepMs)
        {
            _nextSweepMs = _now + interval;
            foreach (var own in _ownBroadcasts.Values.ToList())
            {
                if (!Finished(own))
                {
                    _finishedSeenAt.Remove(own.PayloadId);
                    continue;
                }
                if (!_finishedSeenAt.TryGetValue(own.PayloadId, out var seenAt)) _finishedSeenAt[own.PayloadId] = _now;
                else if (_now - seenAt >= FinishedRetentionMs) Forget(own);
            }
        }
    }

    /// <summary>After every input: a node that remembers requests has the sweep timer set, also right after its first request.</summary>
    private void ArmSweep()
    {
        if (!_sweepArmed && _ownBroadcasts.Count > 0)
        {
            _effects.Add(new SetTimer(SweepTimerId, _nextSweepMs));
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
            ? own.Cancelled || _now > own.ReplyDeadlineUnixMs
            : own.NetworkPaymentResolved && own.ReplyPaymentResolved;

    private void Forget(OwnBroadcast own)
    {
        _ownBroadcasts.Remove(own.PayloadId);
        _finishedSeenAt.Remove(own.PayloadId);
        foreach (var offer in own.Offers) _offers.Remove(offer.OfferId);
    }
}
