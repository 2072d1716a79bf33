using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Http;
using Google.Protobuf;

namespace GigGossip.Settler.Http;

/// <summary>The settler's requests and answers to and from JSON, shared by the service and its client.</summary>
public static class SettlerWire
{
    /// <summary>HTTP status of each refusal: not yet 409, not the job's sender 403, unknown 404, cancelled 410, bad 400.</summary>
    public static int StatusOf(SettlerRefusal reason) => reason switch
    {
        SettlerRefusal.NotYet => 409,
        SettlerRefusal.Unauthorized => 403,
        SettlerRefusal.Unknown => 404,
        SettlerRefusal.Cancelled => 410,
        SettlerRefusal.Settled => 409,
        _ => 400,
    };

    public static ReplyPaymentHashRequest Read(ReplyPaymentHashRequestJson json) =>
        new(Message(json.SignedRequest, "signedRequest", SignedRequestPayload.Parser), Key(json.Replier, "replier"))
        {
            ReplierCertificate = Message(json.ReplierCertificate, "replierCertificate", SignedCertificate.Parser),
            TimestampUnixMs = HttpInput.Required(json.TimestampUnixMs, "timestampUnixMs"),
            Signature = HttpInput.Hex(json.Signature, 64, "signature"),
        };

    public static SettlementPromiseRequest Read(SettlementPromiseRequestJson json) =>
        new(Message(json.SignedRequest, "signedRequest", SignedRequestPayload.Parser), Key(json.Replier, "replier"),
            HttpInput.Base64(json.ReplyPayload, "replyPayload"), HttpInput.Required(json.ReplyInvoice, "replyInvoice"));

    public static KeyRevealRequest Read(KeyRevealRequestJson json) =>
        new(HttpInput.Hex(json.NetworkPaymentHash, 32, "networkPaymentHash"), HttpInput.Hex(json.Signature, 64, "signature"))
        {
            TimestampUnixMs = json.TimestampUnixMs ?? 0,
            Nonce = json.Nonce is null ? [] : HttpInput.Hex(json.Nonce, KeyRevealRequest.NonceLength, "nonce"),
        };

    public static JobReportRequest Read(JobReportRequestJson json) =>
        new(HttpInput.Hex(json.NetworkPaymentHash, 32, "networkPaymentHash"),
            json.Outcome is { } outcome && Enum.IsDefined(outcome) ? outcome : throw new HttpInputException("field 'outcome' must be Done or Disputed"),
            HttpInput.Hex(json.Signature, 64, "signature"));

    public static PickupReportRequest Read(PickupReportRequestJson json) =>
        new(HttpInput.Hex(json.NetworkPaymentHash, 32, "networkPaymentHash"), HttpInput.Required(json.Code, "code"), HttpInput.Hex(json.Signature, 64, "signature"));

    public static DisputeStatementRequest Read(DisputeStatementRequestJson json) =>
        new(HttpInput.Hex(json.NetworkPaymentHash, 32, "networkPaymentHash"), HttpInput.Required(json.Statement, "statement"), HttpInput.Hex(json.Signature, 64, "signature"));

    public static ReplyAcceptedRequest Read(ReplyAcceptedRequestJson json) =>
        new(HttpInput.Hex(json.ReplyPaymentHash, 32, "replyPaymentHash"), HttpInput.Hex(json.ReplyInvoiceHash, 32, "replyInvoiceHash"),
            HttpInput.Required(json.HoldUntilUnixMs, "holdUntilUnixMs"), HttpInput.Hex(json.Signature, 64, "signature"));

    /// <summary>The one-time certificates request; a body that cannot be a valid request (key count, duplicates, encodings) is refused here.</summary>
    public static OneTimeCertificatesRequest Read(OneTimeCertificatesRequestJson json)
    {
        var hexKeys = HttpInput.Required(json.Keys, "keys");
        if (hexKeys.Count is 0 or > OneTimeCertificatesRequest.MaxKeys)
            throw new HttpInputException($"field 'keys' must name 1 to {OneTimeCertificatesRequest.MaxKeys} one-time keys, got {hexKeys.Count}");
        var keys = hexKeys.Select((k, i) => Key(k, $"keys[{i}]")).ToList();
        if (keys.Distinct().Count() != keys.Count) throw new HttpInputException("field 'keys' names a key twice");
        return new(Message(json.SubjectCertificate, "subjectCertificate", SignedCertificate.Parser), keys,
            HttpInput.Required(json.TimestampUnixMs, "timestampUnixMs"), HttpInput.Hex(json.Signature, 64, "signature"));
    }

    public static SubjectProof Read(SubjectProofJson json, SubjectAction action) =>
        new(action, Key(json.PublicKey, "publicKey"), HttpInput.Required(json.TimestampUnixMs, "timestampUnixMs"), HttpInput.Hex(json.Signature, 64, "signature"));

    public static object Write(SettlerRequest request) => request switch
    {
        ReplyPaymentHashRequest r => new ReplyPaymentHashRequestJson(Base64(r.SignedRequest), r.Replier.ToHex(),
            r.ReplierCertificate is null ? null : Base64(r.ReplierCertificate), r.TimestampUnixMs, Convert.ToHexStringLower(r.Signature)),
        SettlementPromiseRequest r => new SettlementPromiseRequestJson(Base64(r.SignedRequest), r.Replier.ToHex(), Convert.ToBase64String(r.ReplyPayload), r.ReplyInvoice),
        KeyRevealRequest r => new KeyRevealRequestJson(Convert.ToHexStringLower(r.NetworkPaymentHash), Convert.ToHexStringLower(r.Signature),
            r.IsVersion1 ? null : r.TimestampUnixMs, r.IsVersion1 ? null : Convert.ToHexStringLower(r.Nonce)),
        JobReportRequest r => new JobReportRequestJson(Convert.ToHexStringLower(r.NetworkPaymentHash), r.Outcome, Convert.ToHexStringLower(r.Signature)),
        PickupReportRequest r => new PickupReportRequestJson(Convert.ToHexStringLower(r.NetworkPaymentHash), r.Code, Convert.ToHexStringLower(r.Signature)),
        DisputeStatementRequest r => new DisputeStatementRequestJson(Convert.ToHexStringLower(r.NetworkPaymentHash), r.Statement, Convert.ToHexStringLower(r.Signature)),
        ReplyAcceptedRequest r => new ReplyAcceptedRequestJson(Convert.ToHexStringLower(r.ReplyPaymentHash), Convert.ToHexStringLower(r.ReplyInvoiceHash),
            r.HoldUntilUnixMs, Convert.ToHexStringLower(r.Signature)),
        OneTimeCertificatesRequest r => new OneTimeCertificatesRequestJson(Base64(r.SubjectCertificate), [.. r.Keys.Select(k => k.ToHex())], r.TimestampUnixMs,
            Convert.ToHexStringLower(r.Signature)),
        _ => throw new ArgumentException($"no HTTP form for {request.GetType().Name}", nameof(request)),
    };

    /// <summary>The JSON answer of a successful call.</summary>
    public static object Write(SettlerResponse response) => response switch
    {
        ReplyPaymentHashIssued r => new ReplyPaymentHashJson(Convert.ToHexStringLower(r.ReplyPaymentHash)),
        SettlementPromiseIssued r => new SettlementPromiseJson(Base64(r.Promise), Convert.ToBase64String(r.EncryptedReplyPayload), r.SettlerNetworkInvoice),
        KeyRevealed r => new KeyRevealedJson(Convert.ToHexStringLower(r.NetworkPreimage)),
        PreimagePublished r => new PreimageJson(Convert.ToHexStringLower(Preimages.HashOf(r.Preimage)), Convert.ToHexStringLower(r.Preimage)),
        Acknowledged => new AcknowledgedJson(true),
        OneTimeCertificatesIssued r => new OneTimeCertificatesJson([.. r.Certificates.Select((c, i) =>
            new OneTimeCertificateJson(Base64(c), [.. r.Openings[i].Select(Base64)]))]),
        _ => throw new ArgumentException($"no HTTP form for {response.GetType().Name}", nameof(response)),
    };

    /// <summary>The one-time certificates in an answer, with their openings.</summary>
    public static OneTimeCertificatesIssued Read(OneTimeCertificatesJson json) =>
        new([.. json.Certificates.Select(c => SignedCertificate.Parser.ParseFrom(Convert.FromBase64String(c.Certificate)))],
            [.. json.Certificates.Select(c => (IReadOnlyList<PropertyOpening>)[.. c.Openings.Select(o => PropertyOpening.Parser.ParseFrom(Convert.FromBase64String(o)))])]);

    public static string Base64(IMessage message) => Convert.ToBase64String(message.ToByteArray());

    public static T Message<T>(string? base64, string field, MessageParser<T> parser) where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(HttpInput.Base64(base64, field));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new HttpInputException($"field '{field}' is not a valid {typeof(T).Name}: {e.Message}");
        }
    }

    public static PublicKey Key(string? hex, string field)
    {
        try
        {
            return PublicKey.FromHex(HttpInput.Required(hex, field));
        }
        catch (CryptoException e)
        {
            throw new HttpInputException($"field '{field}' is not an x-only public key: {e.Message}");
        }
    }
}
