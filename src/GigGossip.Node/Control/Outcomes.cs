using GigGossip.Node.Hosting;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Control;

/// <summary>
/// Waits (bounded) for what became of an accepted offer or a job report, reading the node's events after the command:
/// the control API's <c>?wait=SECONDS</c> on accept, done and dispute.
/// </summary>
internal static class Outcomes
{
    /// <summary>"held" (the settler revealed the key: the whole route holds the money), "failed" with why, or "pending".</summary>
    public static async Task<AcceptedView> PaymentAsync(NodeHost host, Offer offer, long afterSequence, int waitSeconds, CancellationToken cancellationToken)
    {
        var found = await WaitAsync(host, e => e switch
        {
            ContactRevealed c => c.OfferId == offer.OfferId,
            MoneyReturned { Incoming: false } m => m.PaymentHash.AsSpan().SequenceEqual(offer.NetworkPaymentHash) || m.PaymentHash.AsSpan().SequenceEqual(offer.ReplyPaymentHash),
            NodeWarning w => w.Message.Contains(offer.OfferId, StringComparison.Ordinal),
            _ => false,
        }, afterSequence, waitSeconds, cancellationToken).ConfigureAwait(false);
        return found switch
        {
            ContactRevealed c => new AcceptedView(offer.OfferId, offer.PayloadId, "held", null, c.Contact),
            MoneyReturned m => new AcceptedView(offer.OfferId, offer.PayloadId, "failed", FailureReason(offer, m)),
            NodeWarning w => new AcceptedView(offer.OfferId, offer.PayloadId, "failed", w.Message),
            _ => new AcceptedView(offer.OfferId, offer.PayloadId, "pending",
                $"no outcome within {waitSeconds} s: the payment is in flight (see the job's state with `giggossip jobs`)"),
        };
    }

    /// <summary>Null when the settler took the report; otherwise why not (its refusal, or no answer in time).</summary>
    public static async Task<string?> ReportAsync(NodeHost host, string requestId, long afterSequence, int waitSeconds, CancellationToken cancellationToken)
    {
        var found = await WaitAsync(host, e => e switch
        {
            JobReported j => j.PayloadId == requestId,
            NodeWarning w => w.Message.Contains(requestId, StringComparison.Ordinal),
            _ => false,
        }, afterSequence, waitSeconds, cancellationToken).ConfigureAwait(false);
        return found switch
        {
            JobReported => null,
            NodeWarning w => w.Message,
            _ => $"the settler did not answer within {waitSeconds} s; the node keeps the report pending",
        };
    }

    private static string FailureReason(Offer offer, MoneyReturned returned)
    {
        var which = returned.PaymentHash.AsSpan().SequenceEqual(offer.NetworkPaymentHash) ? "network" : "reply";
        return returned.Reason == "payment cancelled"
            ? $"the {which} payment was cancelled along the route: a middleman or the driver could not forward it (it may lack the funds to), or the settler refused it; money still held returns when it times out"
            : $"the {which} payment failed: {returned.Reason}";
    }

    private static async Task<NodeEvent?> WaitAsync(NodeHost host, Func<NodeEvent, bool> match, long afterSequence, int waitSeconds, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(waitSeconds));
        try
        {
            return (await host.Events.WaitForAsync(match, afterSequence, timeout.Token).ConfigureAwait(false)).Event;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
