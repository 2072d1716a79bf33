using Google.Protobuf;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Frames;

/// <summary>
/// The settler's signature on a SettlementPromise (whitepaper "Replying"): BIP340 under
/// <see cref="SignatureTags.SettlementPromise"/> over the serialized promise, by settler_public_key.
/// Middlemen check it before issuing their own invoice on network_payment_hash.
/// </summary>
public static class SettlementPromises
{
    /// <summary>Signs the promise; throws <see cref="ArgumentException"/> if it is malformed or names another settler key.</summary>
    public static SignedSettlementPromise Sign(SettlementPromise promise, SecretKey settlerKey)
    {
        ArgumentNullException.ThrowIfNull(promise);
        if (!promise.SettlerPublicKey.Span.SequenceEqual(settlerKey.PublicKey.Bytes))
            throw new ArgumentException("the signing key is not the promise's settler_public_key", nameof(settlerKey));
        var bytes = promise.ToByteString();
        var signed = new SignedSettlementPromise
        {
            SettlementPromise = bytes,
            Signature = ByteString.CopyFrom(settlerKey.Sign(SignatureTags.SettlementPromise, bytes.Span)),
        };
        try
        {
            signed.ReadSettlementPromise();
        }
        catch (FrameFormatException e)
        {
            throw new ArgumentException($"settlement promise is malformed: {e.Message}", nameof(promise));
        }
        return signed;
    }

    /// <summary>The verdict, and the parsed promise when it is Valid; never throws for bad input.</summary>
    public static SettlementPromiseVerification Verify(SignedSettlementPromise signed, TrustedSettlers trusted) => Verify(signed, trusted, null);

    /// <summary>As <see cref="Verify(SignedSettlementPromise, TrustedSettlers)"/>, for a promise the codec already parsed (<paramref name="parsed"/>; null parses it).</summary>
    public static SettlementPromiseVerification Verify(SignedSettlementPromise signed, TrustedSettlers trusted, SettlementPromise? parsed)
    {
        ArgumentNullException.ThrowIfNull(signed);
        ArgumentNullException.ThrowIfNull(trusted);
        SettlementPromise promise;
        try
        {
            promise = parsed ?? signed.ReadSettlementPromise();
        }
        catch (FrameFormatException)
        {
            return new(SettlementPromiseVerdict.Malformed);
        }
        if (trusted.Find(promise.SettlerPublicKey) is not { } settler) return new(SettlementPromiseVerdict.UntrustedSettler);
        return settler.PublicKey.Verify(SignatureTags.SettlementPromise, signed.SettlementPromise.Span, signed.Signature.Span)
            ? new(SettlementPromiseVerdict.Valid, promise)
            : new(SettlementPromiseVerdict.BadSignature);
    }
}
