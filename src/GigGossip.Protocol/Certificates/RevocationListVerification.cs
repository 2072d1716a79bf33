using System.Diagnostics.CodeAnalysis;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Certificates;

/// <summary>The verdict on a signed revocation list and, when valid, the list.</summary>
public sealed record RevocationListVerification(RevocationListVerdict Verdict, RevocationList? List = null)
{
    [MemberNotNullWhen(true, nameof(List))]
    public bool IsValid => Verdict == RevocationListVerdict.Valid;
}
