using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// Proof of service on the replier's side: the driver reports the rider's pickup code to the settler, signed, and
/// may make a statement on a disputed job. The driver names its job by its reply payment hash (it does not know
/// which of its ways back the rider paid). Also what of the replier's jobs a restart must keep.
/// </summary>
internal sealed partial class Replier
{
    public void ReportPickup(string payloadId, string code)
    {
        if (!_jobs.TryGetValue(payloadId, out var job) || job.ReplyPaymentHash is not { } hash)
        {
            node.Emit(new NodeWarning($"no job {payloadId} to report a pickup for"));
            return;
        }
        var signature = node.Key.Sign(SignatureTags.PickupReport, PickupReportRequest.SignedBytes(hash, code));
        node.Add(new CallSettler(job.Terms.SettlerUri, new PickupReportCall(payloadId), new PickupReportRequest(hash, code, signature)));
    }

    public void OnPickupAnswer(string payloadId, SettlerResponse response)
    {
        if (response is Acknowledged) node.Emit(new PickupReported(payloadId));
        else node.Emit(new NodeWarning($"settler did not take the pickup code for {payloadId}: {SettlerResponses.Describe(response)}"));
    }

    /// <summary>The settler and the hash a statement about a job this node took goes to, once its reply hash is known.</summary>
    public (string SettlerUri, byte[] Hash, Crypto.SecretKey Signer)? StatementTarget(string payloadId) =>
        _jobs.TryGetValue(payloadId, out var job) && job.ReplyPaymentHash is { } hash ? (job.Terms.SettlerUri, hash, node.Key) : null;

    public IReadOnlyList<ReplierJobState> Export() => _jobs.Values
        .Where(j => j.ReplyPaymentHash is not null && j.ReplyInvoice is not null && j.ReplyPayload is not null)
        .OrderBy(j => j.PayloadId, StringComparer.Ordinal)
        .Select(j => new ReplierJobState(j.PayloadId, j.SignedRequest.ToByteArray(), j.Sender, j.ReplyPaymentHash!, j.ReplyInvoice!,
            j.ReplyPayload!, j.Terms.PriceMsat, j.Terms.SettlerUri))
        .ToList();

    public void Import(ReplierJobState job)
    {
        var terms = new WorkerPolicy(_ => false, job.PriceMsat, job.SettlerUri, "");
        _jobs[job.PayloadId] = new ReplierJob(job.PayloadId, SignedRequestPayload.Parser.ParseFrom(job.SignedRequest), job.Sender, terms)
        {
            ReplyPaymentHash = job.ReplyPaymentHash,
            ReplyInvoice = job.ReplyInvoice,
            ReplyPayload = job.ReplyPayload,
        };
    }
}
