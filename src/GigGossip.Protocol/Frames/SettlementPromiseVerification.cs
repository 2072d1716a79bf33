using System.Diagnostics.CodeAnalysis;

namespace GigGossip.Protocol.Frames;

/// <summary>The verdict on a signed settlement promise and, when valid, the promise.</summary>
public sealed record SettlementPromiseVerification(SettlementPromiseVerdict Verdict, SettlementPromise? Promise = null)
{
    [MemberNotNullWhen(true, nameof(Promise))]
    public bool IsValid => Verdict == SettlementPromiseVerdict.Valid;
}
