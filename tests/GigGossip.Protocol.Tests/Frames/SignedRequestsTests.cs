using Google.Protobuf;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Tests.Frames;

public class SignedRequestsTests
{
    [Fact]
    public void Signed_request_verifies_against_the_sender_certificate_key()
    {
        var signed = Samples.Request();
        var verification = SignedRequests.Verify(signed);
        Assert.Equal(RequestVerdict.Valid, verification.Verdict);
        Assert.True(verification.IsValid);
        Assert.Equal(Samples.Sender.PublicKey, verification.SenderPublicKey);
        Assert.Equal("r3gx2g5", verification.Payload.Topic.Taxi.FromGeohash);
        Assert.Equal(WireLengths.Id, verification.Payload.PayloadId.Length);
    }

    [Fact]
    public void Each_request_gets_a_fresh_payload_id()
    {
        Assert.NotEqual(Samples.Request().ReadRequestPayload().PayloadId, Samples.Request().ReadRequestPayload().PayloadId);
    }

    [Fact]
    public void Request_altered_after_signing_has_a_bad_signature()
    {
        var signed = Samples.Request();
        signed.RequestPayload = Samples.Edit(signed.RequestPayload, RequestPayload.Parser, p => p.Topic.Taxi.ToGeohash = "r3gx2u8");
        Assert.Equal(RequestVerdict.BadSignature, SignedRequests.Verify(signed).Verdict);
    }

    [Fact]
    public void Request_signed_by_someone_other_than_the_certificate_subject_has_a_bad_signature()
    {
        var signed = Samples.Request();
        signed.Signature = ByteString.CopyFrom(Samples.Replier.Sign(SignatureTags.RequestPayload, signed.RequestPayload.Span));
        Assert.Equal(RequestVerdict.BadSignature, SignedRequests.Verify(signed).Verdict);
    }

    [Fact]
    public void Sender_signature_under_another_tag_is_a_bad_signature()
    {
        var signed = Samples.Request();
        signed.Signature = ByteString.CopyFrom(Samples.Sender.Sign(SignatureTags.Certificate, signed.RequestPayload.Span));
        Assert.Equal(RequestVerdict.BadSignature, SignedRequests.Verify(signed).Verdict);
    }

    [Fact]
    public void Unreadable_request_is_malformed_and_has_no_payload()
    {
        var signed = Samples.Request();
        signed.RequestPayload = Samples.Bytes(12, 0xFF);
        var verification = SignedRequests.Verify(signed);
        Assert.Equal(RequestVerdict.Malformed, verification.Verdict);
        Assert.Null(verification.Payload);
    }

    [Fact]
    public void Sender_certificate_whose_subject_key_is_not_a_curve_point_is_malformed()
    {
        var offCurve = OffCurveKey();
        var signed = Samples.Request();
        signed.RequestPayload = Samples.Edit(signed.RequestPayload, RequestPayload.Parser, p =>
            p.SenderCertificate.Certificate = Samples.Edit(p.SenderCertificate.Certificate, Certificate.Parser, c => c.SubjectPublicKey = offCurve));
        Assert.Equal(RequestVerdict.Malformed, SignedRequests.Verify(signed).Verdict);
    }

    [Fact]
    public void Signing_with_a_key_that_is_not_the_certificate_subject_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => SignedRequests.Create(Samples.Taxi(), Samples.Certificate(Samples.Sender), Samples.Replier, 1));
        Assert.Contains("not the subject of the sender certificate", error.Message);
    }

    [Fact]
    public void Signing_a_request_without_topic_is_refused()
    {
        var payload = new RequestPayload { PayloadId = FrameIds.New(), SenderCertificate = Samples.Certificate(Samples.Sender) };
        var error = Assert.Throws<ArgumentException>(() => SignedRequests.Sign(payload, Samples.Sender));
        Assert.Contains("topic is missing", error.Message);
    }

    internal static ByteString OffCurveKey()
    {
        var candidate = new byte[32];
        for (candidate[31] = 1; Secp256k1.Current.IsValidXOnlyPublicKey(candidate); candidate[31]++)
        {
        }
        return ByteString.CopyFrom(candidate);
    }

    [Fact]
    public void A_parsed_request_keeps_its_verdict_only_for_the_bytes_it_was_found_for()
    {
        var parsed = PayloadReader.ReadRequest(Samples.Request(), "request", FrameLimits.Default);
        Assert.Equal(RequestVerdict.Valid, SignedRequests.Verify(parsed).Verdict);
        Assert.Equal(RequestVerdict.Valid, SignedRequests.Verify(parsed).Verdict);

        var forged = ByteString.CopyFrom(Samples.Replier.Sign(SignatureTags.RequestPayload, parsed.Signed.RequestPayload.Span));
        var otherSigned = new SignedRequestPayload { RequestPayload = parsed.Signed.RequestPayload, Signature = forged };
        Assert.Equal(RequestVerdict.BadSignature, SignedRequests.Verify(parsed with { Signed = otherSigned }).Verdict);

        var good = parsed.Signed.Signature;
        parsed.Signed.Signature = forged;
        Assert.Equal(RequestVerdict.BadSignature, SignedRequests.Verify(parsed).Verdict);
        parsed.Signed.Signature = good;
        Assert.Equal(RequestVerdict.Valid, SignedRequests.Verify(parsed).Verdict);
    }

    [Fact]
    public void A_parsed_request_keeps_one_valid_verdict_and_a_copy_with_other_parts_gets_its_own()
    {
        var parsed = PayloadReader.ReadRequest(Samples.Request(), "request", FrameLimits.Default);
        var first = SignedRequests.Verify(parsed);
        Assert.True(first.IsValid);
        Assert.Same(first, SignedRequests.Verify(parsed));
        Assert.Same(parsed.Payload, first.Payload);

        var copy = parsed with { Payload = parsed.Payload.Clone(), SenderCertificate = parsed.SenderCertificate.Clone() };
        var copied = SignedRequests.Verify(copy);
        Assert.True(copied.IsValid);
        Assert.Same(copy.Payload, copied.Payload);
        Assert.Same(copy.SenderCertificate, copied.SenderCertificate);
        Assert.Same(parsed.Payload, SignedRequests.Verify(parsed).Payload);
    }
}
