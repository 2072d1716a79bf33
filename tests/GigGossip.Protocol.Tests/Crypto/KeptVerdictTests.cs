using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Protocol.Tests.Crypto;

/// <summary>A kept verdict answers again only for the very bytes and key it was found for; anything else is checked afresh.</summary>
public class KeptVerdictTests
{
    private const string Tag = "gig-gossip/test";

    [Fact]
    public void Other_bytes_or_another_key_are_checked_afresh_and_the_good_ones_still_verify()
    {
        var (signer, stranger) = (SecretKey.Generate(), SecretKey.Generate());
        var message = ByteString.CopyFrom([1, 2, 3, 4]);
        var signature = ByteString.CopyFrom(signer.Sign(Tag, message.Span));
        var kept = new KeptVerdict();

        Assert.True(kept.Verify(signer.PublicKey, Tag, message, signature));
        Assert.True(kept.Verify(signer.PublicKey, Tag, message, signature));
        Assert.False(kept.Verify(stranger.PublicKey, Tag, message, signature));
        Assert.False(kept.Verify(signer.PublicKey, Tag, ByteString.CopyFrom([1, 2, 3, 5]), signature));
        Assert.False(kept.Verify(signer.PublicKey, Tag, message, ByteString.CopyFrom(stranger.Sign(Tag, message.Span))));
        Assert.True(kept.Verify(signer.PublicKey, Tag, message, signature));
        Assert.True(kept.Verify(signer.PublicKey, Tag, ByteString.CopyFrom(message.Span), ByteString.CopyFrom(signature.Span)));
    }

    [Fact]
    public void A_certificate_verdict_kept_on_a_parsed_request_holds_only_for_its_signature()
    {
        var parsed = PayloadReader.ReadRequest(Frames.Samples.Request(), "request", FrameLimits.Default);
        var signed = parsed.Payload.SenderCertificate;
        var now = Frames.Samples.Now;
        var list = CertificateIssuer.SignRevocationList(Frames.Samples.Settler, [], now, now.AddHours(1));
        var trusted = new TrustedSettlers([new TrustedSettler(Frames.Samples.Settler.PublicKey, "https://settler.test", list)]);

        Assert.Equal(CertificateVerdict.Valid, CertificateVerifier.Verify(signed, parsed.SenderCertificate, trusted, now, parsed.CertificateSignature));
        var forged = new SignedCertificate
        {
            Certificate = signed.Certificate,
            Signature = ByteString.CopyFrom(Frames.Samples.Sender.Sign(SignatureTags.Certificate, signed.Certificate.Span)),
        };
        Assert.Equal(CertificateVerdict.BadSignature, CertificateVerifier.Verify(forged, parsed.SenderCertificate, trusted, now, parsed.CertificateSignature));
        Assert.Equal(CertificateVerdict.Valid, CertificateVerifier.Verify(signed, parsed.SenderCertificate, trusted, now, parsed.CertificateSignature));
    }
}
