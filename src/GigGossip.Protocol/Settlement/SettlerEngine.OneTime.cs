using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Settlement;

/// <summary>One-time certificates for a certified subject (docs/protocol/privacy.md, "Unlinkable senders").</summary>
public sealed partial class SettlerEngine
{
    private void OnOneTimeCertificates(string callId, OneTimeCertificatesRequest request)
    {
        if (CheckOneTimeRequest(request, out var parent) is { } problem)
        {
            Respond(callId, Refused(SettlerRefusal.Unauthorized, problem));
            return;
        }
        try
        {
            var batch = Authority.IssueOneTime(parent!, request.Keys, _now, Policy.OneTimeCertificateValidityMs);
            Respond(callId, new OneTimeCertificatesIssued([.. batch.Select(b => b.Certificate)], [.. batch.Select(b => b.Openings)]));
        }
        catch (SettlerException e)
        {
            Respond(callId, Refused(SettlerRefusal.Unauthorized, e.Message));
        }
    }

    private string? CheckOneTimeRequest(OneTimeCertificatesRequest request, out Certificate? parent)
    {
        parent = null;
        if (request.Keys is not { Count: > 0 and <= OneTimeCertificatesRequest.MaxKeys } keys) return $"ask for 1 to {OneTimeCertificatesRequest.MaxKeys} one-time keys";
        if (keys.Distinct().Count() != keys.Count) return "the one-time keys are not distinct";
        if (request.SubjectCertificate is null) return "no subject certificate";
        Certificate read;
        try { read = request.SubjectCertificate.ReadCertificate(); }
        catch (FrameFormatException e) { return $"subject certificate: {e.Message}"; }
        if (!read.IssuerPublicKey.Span.SequenceEqual(PublicKey.Bytes) || !PublicKey.Verify(Crypto.SignatureTags.Certificate, request.SubjectCertificate.Certificate.Span, request.SubjectCertificate.Signature.Span))
            return "the subject certificate is not one this settler signed";
        if (_now < read.NotBeforeUnixMs || _now > read.NotAfterUnixMs) return "the subject certificate is not valid now";
        if (Math.Abs(_now - request.TimestampUnixMs) > Policy.ReplierProofToleranceMs)
            return $"the request is more than {Policy.ReplierProofToleranceMs / 1000} s from the settler's clock";
        if (!request.IsSignedBy(Crypto.PublicKey.FromBytes(read.SubjectPublicKey.Span), PublicKey)) return "the request is not signed by the subject certificate's key";
        parent = read;
        return null;
    }
}
