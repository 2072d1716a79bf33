using Google.Protobuf;
using static GigGossip.Protocol.Frames.FieldChecks;

namespace GigGossip.Protocol.Frames;

/// <summary>
/// Opens the payloads that frames carry as bytes (signed certificates, requests, promises, revocation
/// lists, broadcast and reply payloads), checking their structure. Signatures are not checked here.
/// </summary>
internal static class PayloadReader
{
    public static Certificate ReadCertificate(SignedCertificate signed, string path, FrameLimits limits)
    {
        Length(signed.Signature, WireLengths.Signature, path + ".signature");
        var certificatePath = path + ".certificate";
        var certificate = Parse(Certificate.Parser, signed.Certificate, certificatePath);
        Length(certificate.Serial, WireLengths.Id, certificatePath + ".serial");
        Length(certificate.SubjectPublicKey, WireLengths.PublicKey, certificatePath + ".subject_public_key");
        Length(certificate.IssuerPublicKey, WireLengths.PublicKey, certificatePath + ".issuer_public_key");
        NotEmpty(certificate.IssuerUri, certificatePath + ".issuer_uri");
        Ordered(certificate.NotBeforeUnixMs, certificatePath + ".not_before_unix_ms", certificate.NotAfterUnixMs, certificatePath + ".not_after_unix_ms");
        if (certificate.Properties.Count > limits.MaxCertificateProperties)
            throw new FrameFormatException($"{certificatePath}.properties has {certificate.Properties.Count} entries, more than the limit of {limits.MaxCertificateProperties}");
        if (certificate.PropertyCommitments.Count > limits.MaxCertificateProperties)
            throw new FrameFormatException($"{certificatePath}.property_commitments has {certificate.PropertyCommitments.Count} entries, more than the limit of {limits.MaxCertificateProperties}");
        foreach (var commitment in certificate.PropertyCommitments) Length(commitment, WireLengths.Hash, certificatePath + ".property_commitments");
        return certificate;
    }

    public static RequestPayload ReadRequestPayload(SignedRequestPayload signed, string path, FrameLimits limits) =>
        ReadRequest(signed, path, limits).Payload;

    public static ParsedRequest ReadRequest(SignedRequestPayload signed, string path, FrameLimits limits)
    {
        Length(signed.Signature, WireLengths.Signature, path + ".signature");
        var payloadPath = path + ".request_payload";
        var payload = Parse(RequestPayload.Parser, signed.RequestPayload, payloadPath);
        Length(payload.PayloadId, WireLengths.Id, payloadPath + ".payload_id");
        var topic = Present(payload.Topic, payloadPath + ".topic");
        if (topic.KindCase == Topic.KindOneofCase.None) throw new FrameFormatException($"{payloadPath}.topic has no kind set");
        var certificate = ReadCertificate(Present(payload.SenderCertificate, payloadPath + ".sender_certificate"), payloadPath + ".sender_certificate", limits);
        return new ParsedRequest(signed, payload, certificate);
    }

    public static BroadcastPayload ReadBroadcastPayload(ByteString bytes, string path, FrameLimits limits) =>
        ReadBroadcast(bytes, path, limits).Payload;

    public static (BroadcastPayload Payload, ParsedRequest Request) ReadBroadcast(ByteString bytes, string path, FrameLimits limits)
    {
        var payload = Parse(BroadcastPayload.Parser, bytes, path);
        var request = ReadRequest(Present(payload.SignedRequestPayload, path + ".signed_request_payload"), path + ".signed_request_payload", limits);
        AtMost(payload.BackwardOnion, limits.MaxOnionBytes, path + ".backward_onion");
        AtMost(payload.FixedBackwardOnion, limits.MaxOnionBytes, path + ".fixed_backward_onion");
        return (payload, payload.Stamp is null ? request : request with { Stamp = payload.Stamp });
    }

    public static ReplyPayload ReadReplyPayload(ByteString bytes, string path, FrameLimits limits)
    {
        var payload = Parse(ReplyPayload.Parser, bytes, path);
        ReadCertificate(Present(payload.ReplierCertificate, path + ".replier_certificate"), path + ".replier_certificate", limits);
        ReadRequestPayload(Present(payload.SignedRequestPayload, path + ".signed_request_payload"), path + ".signed_request_payload", limits);
        NotEmpty(payload.EncryptedReplyMessage, path + ".encrypted_reply_message");
        NotEmpty(payload.ReplyInvoice, path + ".reply_invoice");
        return payload;
    }

    public static SettlementPromise ReadSettlementPromise(SignedSettlementPromise signed, string path)
    {
        Length(signed.Signature, WireLengths.Signature, path + ".signature");
        var promisePath = path + ".settlement_promise";
        var promise = Parse(SettlementPromise.Parser, signed.SettlementPromise, promisePath);
        NotEmpty(promise.SettlerUri, promisePath + ".settler_uri");
        Length(promise.SettlerPublicKey, WireLengths.PublicKey, promisePath + ".settler_public_key");
        Length(promise.NetworkPaymentHash, WireLengths.Hash, promisePath + ".network_payment_hash");
        Length(promise.HashOfEncryptedReplyPayload, WireLengths.Hash, promisePath + ".hash_of_encrypted_reply_payload");
        Length(promise.ReplyPaymentHash, WireLengths.Hash, promisePath + ".reply_payment_hash");
        Length(promise.PayloadId, WireLengths.Id, promisePath + ".payload_id");
        NotNegative(promise.ReplyPaymentAmountMsat, promisePath + ".reply_payment_amount_msat");
        NotNegative(promise.NetworkAmountMsat, promisePath + ".network_amount_msat");
        return promise;
    }

    public static RevocationList ReadRevocationList(SignedRevocationList signed, string path)
    {
        Length(signed.Signature, WireLengths.Signature, path + ".signature");
        var listPath = path + ".revocation_list";
        var list = Parse(RevocationList.Parser, signed.RevocationList, listPath);
        Length(list.IssuerPublicKey, WireLengths.PublicKey, listPath + ".issuer_public_key");
        Ordered(list.IssuedAtUnixMs, listPath + ".issued_at_unix_ms", list.NextUpdateUnixMs, listPath + ".next_update_unix_ms");
        for (var i = 0; i < list.RevokedSerials.Count; i++)
            Length(list.RevokedSerials[i], WireLengths.Id, $"{listPath}.revoked_serials[{i}]");
        return list;
    }
}
