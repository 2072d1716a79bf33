using CsCheck;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Topics;
using Google.Protobuf;

namespace GigGossip.Fuzz.Tests;

/// <summary>The protocol core's decoders of outside input either decode or throw their one exception.</summary>
public class ProtocolDecoderFuzzTests
{
    private static readonly SecretKey Settler = SecretKey.FromBytes(System.Security.Cryptography.SHA256.HashData("settler"u8));
    private static readonly SecretKey Subject = SecretKey.FromBytes(System.Security.Cryptography.SHA256.HashData("subject"u8));
    private static readonly TrustedSettlers Trusted = new([new TrustedSettler(Settler.PublicKey, "https://s.test",
        CertificateIssuer.SignRevocationList(Settler, [], DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue))]);

    private static readonly string ValidInvoice = Bolt11Encoder.Encode(new Bolt11InvoiceDraft(Bolt11Network.Regtest, 25_000_000,
        DateTimeOffset.FromUnixTimeSeconds(1_790_000_000), PaymentHash.Of(Preimage.FromBytes(new byte[32])), PaymentSecret.FromBytes(new byte[32]), "ride"),
        Settler.Bytes);

    private static readonly SignedCertificate ValidCertificate = CertificateIssuer.Issue(Settler, "https://s.test", CertificateIssuer.NewSerial(), Subject.PublicKey,
        new Dictionary<string, byte[]> { ["driving_licence"] = [1] }, DateTimeOffset.UnixEpoch, DateTimeOffset.MaxValue);

    [Fact]
    public void Bolt11_decoder_only_throws_its_format_exception()
    {
        Assert.Equal(25_000_000, Bolt11Invoice.Decode(ValidInvoice).AmountMsat);
        Mutations.OfText(ValidInvoice).Sample(text => Mutations.OnlyThrows<Bolt11FormatException>(() => Bolt11Invoice.Decode(text)), iter: Mutations.Iterations);
        Mutations.Text("lnbcrtp1qpzry9x8gf2tvdw0s3jn54khce6mua7lLNBC0", 400)
            .Sample(text => Mutations.OnlyThrows<Bolt11FormatException>(() => Bolt11Invoice.Decode(text)), iter: Mutations.Iterations);
    }

    [Fact]
    public void Certificate_verifier_never_throws_on_mutated_certificates()
    {
        Assert.Equal(CertificateVerdict.Valid, CertificateVerifier.Verify(ValidCertificate, Trusted, DateTimeOffset.UtcNow));
        Mutations.Of(ValidCertificate.Certificate.ToByteArray()).Sample(bytes =>
        {
            var verdict = CertificateVerifier.Verify(new SignedCertificate { Certificate = ByteString.CopyFrom(bytes), Signature = ValidCertificate.Signature }, Trusted, DateTimeOffset.UtcNow);
            Assert.True(verdict != CertificateVerdict.Valid || bytes.AsSpan().SequenceEqual(ValidCertificate.Certificate.Span));
        }, iter: Mutations.Iterations);
    }

    [Fact]
    public void Revocation_list_and_request_verifiers_never_throw_on_random_bytes()
    {
        Gen.Select(Mutations.RandomBytes(300), Mutations.RandomBytes(70)).Sample((body, signature) =>
        {
            RevocationLists.Verify(new SignedRevocationList { RevocationList = ByteString.CopyFrom(body), Signature = ByteString.CopyFrom(signature) }, Settler.PublicKey);
            SignedRequests.Verify(new SignedRequestPayload { RequestPayload = ByteString.CopyFrom(body), Signature = ByteString.CopyFrom(signature) });
            SettlementPromises.Verify(new SignedSettlementPromise { SettlementPromise = ByteString.CopyFrom(body), Signature = ByteString.CopyFrom(signature) }, Trusted);
        }, iter: Mutations.Iterations);
    }

    [Fact]
    public void Geohash_and_public_key_parsers_only_throw_their_exceptions()
    {
        Mutations.Text("0123456789bcdefghjkmnpqrstuvwxyzailo!é", 20)
            .Sample(text => Mutations.OnlyThrows<GeohashFormatException>(() => Geohash.Decode(text)), iter: Mutations.Iterations);
        Mutations.Text("0123456789abcdefABCDEFxz ", 80)
            .Sample(text => Mutations.OnlyThrows<CryptoException>(() => PublicKey.FromHex(text)), iter: Mutations.Iterations);
    }
}
