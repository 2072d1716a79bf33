using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Pow;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// The sender's stamp (issue #17): with <see cref="NodePolicy.StampBits"/> set, a new request waits for one proof of work on
/// its exact signed bytes (<see cref="RequestStamps"/>), solved by the host like any other (<see cref="SolvePow"/>, answered by
/// <see cref="PowSolved"/>), and goes out with it; every hop checks the same stamp.
/// </summary>
internal sealed partial class Sender
{
    /// <summary>Requests waiting for their stamp, by the id the solve was asked under.</summary>
    private Dictionary<AskId, PendingStamp>? _stampingMap;
    private Dictionary<AskId, PendingStamp> _stamping => _stampingMap ??= [];

    private sealed record PendingStamp(OwnBroadcast Own, ParsedRequest Request, byte[] Onion);

    /// <summary>Asks the host for the stamp and holds the request until it is solved; false when the policy wants no stamp.</summary>
    private bool StartStamp(OwnBroadcast own, ParsedRequest request, byte[] onion, PublicKey signer)
    {
        if (node.Policy.StampBits <= 0) return false;
        // A host that never answers (the simulator's non-working attackers) would leave requests here: past their deadline they go.
        foreach (var (id, waiting) in _stamping.Where(p => node.Now > p.Value.Own.ReplyDeadlineUnixMs).ToList()) _stamping.Remove(id);
        var askId = AskId.FromBytes(node.NewId());
        _stamping[askId] = new PendingStamp(own, request, onion);
        node.Add(new SolvePow(askId, RequestStamps.Digest(request.Signed), signer, PowTarget.FromLeadingZeroBits(node.Policy.StampBits)));
        return true;
    }

    /// <summary>A solved stamp: its request goes out (unless cancelled or late meanwhile). False when the proof was not a stamp.</summary>
    public bool OnStampSolved(PowSolved solved)
    {
        if (!_stamping.Remove(solved.AskId, out var pending)) return false;
        if (pending.Own.Cancelled) return true;
        if (node.Now > pending.Own.ReplyDeadlineUnixMs)
        {
            node.Emit(new NodeWarning($"request {pending.Own.PayloadId} passed its reply deadline while its stamp was solved; not sent"));
            return true;
        }
        var stamp = new RequestStamp { TimestampUnixMs = solved.TimestampUnixMs, Nonce = solved.Nonce };
        asker.AskPeers(pending.Request with { Stamp = stamp }, pending.Onion, except: null, asSender: true);
        return true;
    }
}
