using Google.Protobuf;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Tests.Frames;

public class ReplyPayloadTests
{
    private static ReplyPayload Payload() => new()
    {
        ReplierCertificate = Samples.Certificate(Samples.Replier),
        SignedRequestPayload = Samples.Request(),
        EncryptedReplyMessage = Samples.Bytes(120),
        ReplyInvoice = "lnbcrt250u1ptest",
    };

    public static TheoryData<string> Cases => [.. Edits.Keys];

    private static readonly Dictionary<string, (Action<ReplyPayload> Edit, string Expected)> Edits = new()
    {
        ["no replier certificate"] = (p => p.ReplierCertificate = null, "reply_payload.replier_certificate is missing"),
        ["replier certificate with a short serial"] = (p => p.ReplierCertificate.Certificate = Samples.Edit(p.ReplierCertificate.Certificate, Certificate.Parser, c => c.Serial = Samples.Bytes(2)), "reply_payload.replier_certificate.certificate.serial must be 16 bytes, got 2"),
        ["no signed request"] = (p => p.SignedRequestPayload = null, "reply_payload.signed_request_payload is missing"),
        ["signed request without signature"] = (p => p.SignedRequestPayload.Signature = ByteString.Empty, "reply_payload.signed_request_payload.signature must be 64 bytes, got 0"),
        ["no encrypted reply message"] = (p => p.EncryptedReplyMessage = ByteString.Empty, "reply_payload.encrypted_reply_message is empty"),
        ["no reply invoice"] = (p => p.ReplyInvoice = "", "reply_payload.reply_invoice is empty"),
    };

    [Fact]
    public void Sender_reads_the_decrypted_reply_payload()
    {
        var payload = Payload();
        var read = FrameReader.ReadReplyPayload(payload.ToByteArray());
        Assert.Equal(payload, read);
        Assert.True(SignedRequests.Verify(read.SignedRequestPayload).IsValid);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Incomplete_reply_payload_is_refused(string name)
    {
        var (edit, expected) = Edits[name];
        var payload = Payload();
        edit(payload);
        var error = Assert.Throws<FrameFormatException>(() => FrameReader.ReadReplyPayload(payload.ToByteArray()));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Decrypted_bytes_that_are_not_a_reply_payload_are_refused()
    {
        var error = Assert.Throws<FrameFormatException>(() => FrameReader.ReadReplyPayload([0xFF, 0xFF, 0xFF]));
        Assert.StartsWith("reply_payload is not a valid ReplyPayload", error.Message);
    }
}
