using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>The replier checks the promise its own settler returns before it puts its name (and fee) on it.</summary>
internal sealed partial class Replier
{
    /// <summary>Null when the promise is its settler's, for this reply, and its network invoice matches; otherwise why not. Never throws.</summary>
    private string? CheckOwnPromise(ReplierJob job, SettlementPromiseIssued issued)
    {
        var trusted = node.Policy.TrustedSettlers;
        var verification = SettlementPromises.Verify(issued.Promise, trusted);
        if (!verification.IsValid) return $"promise {verification.Verdict}";
        var promise = verification.Promise;
        if (trusted.Find(promise.SettlerPublicKey) is not { } settler || settler.Uri != job.Terms.SettlerUri)
            return $"signed by a settler other than {job.Terms.SettlerUri}";
        if (NodeContext.Hex(promise.PayloadId) != job.PayloadId) return "promise for another request";
        if (job.ReplyPaymentHash is not { } replyHash || !promise.ReplyPaymentHash.Span.SequenceEqual(replyHash)) return "promise for another reply hash";
        // The price is not in the promise (middlemen read it); the reply invoice hash pins the invoice, and with it the amount.
        if (promise.ReplyPaymentAmountMsat != 0) return $"promise shows the price ({promise.ReplyPaymentAmountMsat} msat) to every middleman";
        if (job.ReplyInvoice is not { } invoice || !promise.ReplyInvoiceHash.Span.SequenceEqual(ReplySignatures.InvoiceHash(invoice))) return "promise names another reply invoice";
        if (!Preimages.HashOf(issued.EncryptedReplyPayload).AsSpan().SequenceEqual(promise.HashOfEncryptedReplyPayload.Span)) return "encrypted reply payload is not the one promised";
        Bolt11Invoice settlerInvoice;
        try { settlerInvoice = Bolt11Invoice.Decode(issued.SettlerNetworkInvoice); }
        catch (Bolt11FormatException e) { return $"settler's network invoice: {e.Message}"; }
        if (!settlerInvoice.PaymentHash.Bytes.SequenceEqual(promise.NetworkPaymentHash.Span)) return "settler's network invoice does not carry the promised hash";
        if (settlerInvoice.AmountMsat != promise.NetworkAmountMsat) return $"settler's network invoice asks {settlerInvoice.AmountMsat?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no amount"}, the promise {promise.NetworkAmountMsat} msat";
        return null;
    }
}
