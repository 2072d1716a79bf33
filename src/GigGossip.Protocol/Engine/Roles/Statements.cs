using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>
/// Either side of a disputed job tells the settler's operator what happened, signed: the rider names the job by the
/// network payment hash of the offer it paid, the driver by its reply payment hash.
/// </summary>
internal sealed class Statements(NodeContext node, Sender sender, Replier replier)
{
    public void Submit(string payloadId, string statement)
    {
        if ((sender.StatementTarget(payloadId) ?? replier.StatementTarget(payloadId)) is not { } target)
        {
            node.Emit(new NodeWarning($"no paid job {payloadId} to make a statement about"));
            return;
        }
        var signature = target.Signer.Sign(SignatureTags.DisputeStatement, DisputeStatementRequest.SignedBytes(target.Hash, statement));
        node.Add(new CallSettler(target.SettlerUri, new StatementCall(payloadId), new DisputeStatementRequest(target.Hash, statement, signature)));
    }

    public void OnAnswer(string payloadId, SettlerResponse response)
    {
        if (response is Acknowledged) node.Emit(new StatementSubmitted(payloadId));
        else node.Emit(new NodeWarning($"settler did not take the statement for {payloadId}: {SettlerResponses.Describe(response)}"));
    }
}
