using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Certificates;

/// <summary>Checks a signed revocation list against the settler it should come from.</summary>
public static class RevocationLists
{
    /// <summary>The verdict, and the parsed list when it is valid; never throws for bad input.</summary>
    public static RevocationListVerification Verify(SignedRevocationList signed, PublicKey issuer)
    {
        ArgumentNullException.ThrowIfNull(signed);
        ArgumentNullException.ThrowIfNull(issuer);
        RevocationList list;
        try
        {
            list = signed.ReadRevocationList();
        }
        catch (FrameFormatException)
        {
            return new(RevocationListVerdict.Malformed);
        }
        if (!list.IssuerPublicKey.Span.SequenceEqual(issuer.Bytes)) return new(RevocationListVerdict.WrongIssuer);
        return issuer.Verify(SignatureTags.RevocationList, signed.RevocationList.Span, signed.Signature.Span)
            ? new(RevocationListVerdict.Valid, list)
            : new(RevocationListVerdict.BadSignature);
    }
}
