using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Settlement;

/// <summary>
/// How the settler learns that a reply invoice is Accepted without looking at another party's wallet: the replier's signed
/// statement (<see cref="ReplyAcceptedRequest"/>), for the exact invoice its promise names, with the hold deadline its own
/// wallet reports. The statement only opens the way to the key reveal, which still needs the network invoice Accepted in the
/// settler's own wallet and both holds past the promise's min_hold_until (docs/protocol/reply-acceptance.md).
/// </summary>
public sealed partial class SettlerEngine
{
    private void OnReplyAccepted(string callId, ReplyAcceptedRequest statement)
    {
        if (!_replies.TryGetValue(Hex(statement.ReplyPaymentHash), out var record))
        {
            Respond(callId, Refused(SettlerRefusal.Unknown, "no reply with that payment hash"));
            return;
        }
        if (!statement.IsSignedBy(record.Replier))
        {
            Respond(callId, Refused(SettlerRefusal.Unauthorized, "the statement is not signed by the replier the reply hash was made for"));
            return;
        }
        if (record.ReplyInvoice is not { } invoice || !statement.ReplyInvoiceHash.AsSpan().SequenceEqual(ReplySignatures.InvoiceHash(invoice)))
        {
            Respond(callId, Refused(SettlerRefusal.BadRequest, "the statement is not about the reply invoice the settlement promise names"));
            return;
        }
        if (!record.Released && !record.Cancelled && (!record.Accepted || record.HoldUntilUnixMs != statement.HoldUntilUnixMs))
        {
            record.Accepted = true;
            record.HoldUntilUnixMs = statement.HoldUntilUnixMs;
            Touch(record);
            foreach (var job in JobsOf(record)) Touch(job);
        }
        OnPreimageRequest(callId, new PreimageRequest(statement.ReplyPaymentHash));
    }
}
