using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Settler.Storage;

namespace GigGossip.Settler.Host;

/// <summary>
/// One-time certificates (docs/protocol/privacy.md, "Unlinkable senders"): the serials the engine's authority issues are
/// saved under the subject before the batch is answered, so that after a restart revoking the subject still revokes them.
/// </summary>
public sealed partial class SettlerHost
{
    private readonly Dictionary<string, StoredOneTimeCertificate> _oneTimeCertificates = [];

    /// <summary>The records of the one-time certificates an answer to <paramref name="input"/> hands out (none for any other input).</summary>
    internal static IReadOnlyList<StoredOneTimeCertificate> IssuedOneTime(EngineInput input, IReadOnlyList<EngineEffect> effects)
    {
        if (input is not SettlerCallReceived { Request: OneTimeCertificatesRequest request }) return [];
        if (effects.OfType<RespondToCall>().FirstOrDefault()?.Response is not OneTimeCertificatesIssued issued) return [];
        // The engine issued against this certificate only after checking it is its own and names a registered subject.
        var subject = PublicKey.FromBytes(request.SubjectCertificate.ReadCertificate().SubjectPublicKey.Span);
        return [.. issued.Certificates.Select(c => new StoredOneTimeCertificate(c.ReadCertificate().Serial.ToByteArray(), subject, Revoked: false))];
    }

    private void RememberOneTime(IEnumerable<StoredOneTimeCertificate> certificates)
    {
        foreach (var certificate in certificates) _oneTimeCertificates[Convert.ToHexStringLower(certificate.Serial)] = certificate;
    }

    /// <summary>What revoking <paramref name="hex"/> changes: the certificate, and for a subject's own certificate every one-time certificate issued to it.</summary>
    private SettlerChanges? RevocationOf(string hex)
    {
        if (_certificates.TryGetValue(hex, out var certificate))
            return new SettlerChanges
            {
                Certificates = [certificate with { Revoked = true }],
                OneTimeCertificates = [.. _oneTimeCertificates.Values.Where(o => !o.Revoked && o.Subject.Equals(certificate.Subject)).Select(o => o with { Revoked = true })],
            };
        return _oneTimeCertificates.TryGetValue(hex, out var oneTime) ? new SettlerChanges { OneTimeCertificates = [oneTime with { Revoked = true }] } : null;
    }
}
