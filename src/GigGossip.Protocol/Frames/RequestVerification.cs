using System.Diagnostics.CodeAnalysis;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Frames;

/// <summary>The verdict on a signed request and, when valid, what it contains.</summary>
public sealed record RequestVerification(
    RequestVerdict Verdict,
    RequestPayload? Payload = null,
    Certificate? SenderCertificate = null,
    PublicKey? SenderPublicKey = null)
{
    [MemberNotNullWhen(true, nameof(Payload), nameof(SenderCertificate), nameof(SenderPublicKey))]
    public bool IsValid => Verdict == RequestVerdict.Valid;
}
