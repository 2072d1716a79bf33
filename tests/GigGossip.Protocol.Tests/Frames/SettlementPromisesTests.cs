using Google.Protobuf;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Tests.Frames;

public class SettlementPromisesTests
{
    private static readonly TrustedSettlers Trusted = new([new TrustedSettler(Samples.Settler.PublicKey, Samples.SettlerUri)]);

    [Fact]
    public void Promise_signed_by_a_trusted_settler_is_valid()
    {
        var promise = Samples.Promise();
        var verification = SettlementPromises.Verify(SettlementPromises.Sign(promise, Samples.Settler), Trusted);
        Assert.True(verification.IsValid);
        Assert.Equal(promise, verification.Promise);
    }

    [Fact]
    public void Promise_from_a_settler_the_node_does_not_trust_is_refused()
    {
        var stranger = SecretKey.Generate();
        var promise = Samples.Promise();
        promise.SettlerPublicKey = ByteString.CopyFrom(stranger.PublicKey.Bytes);
        Assert.Equal(SettlementPromiseVerdict.UntrustedSettler, SettlementPromises.Verify(SettlementPromises.Sign(promise, stranger), Trusted).Verdict);
    }

    [Fact]
    public void Promise_with_a_raised_amount_has_a_bad_signature()
    {
        var signed = SettlementPromises.Sign(Samples.Promise(), Samples.Settler);
        signed.SettlementPromise = Samples.Edit(signed.SettlementPromise, SettlementPromise.Parser, p => p.NetworkAmountMsat += 1);
        Assert.Equal(SettlementPromiseVerdict.BadSignature, SettlementPromises.Verify(signed, Trusted).Verdict);
    }

    [Fact]
    public void Promise_naming_a_trusted_settler_but_signed_by_another_key_has_a_bad_signature()
    {
        var signed = SettlementPromises.Sign(Samples.Promise(), Samples.Settler);
        signed.Signature = ByteString.CopyFrom(Samples.Replier.Sign(SignatureTags.SettlementPromise, signed.SettlementPromise.Span));
        Assert.Equal(SettlementPromiseVerdict.BadSignature, SettlementPromises.Verify(signed, Trusted).Verdict);
    }

    [Fact]
    public void Unreadable_promise_is_malformed()
    {
        var signed = SettlementPromises.Sign(Samples.Promise(), Samples.Settler);
        signed.SettlementPromise = Samples.Bytes(3, 0xFF);
        Assert.Equal(SettlementPromiseVerdict.Malformed, SettlementPromises.Verify(signed, Trusted).Verdict);
    }

    [Fact]
    public void Settler_cannot_sign_a_promise_naming_another_settler()
    {
        Assert.Throws<ArgumentException>(() => SettlementPromises.Sign(Samples.Promise(), Samples.Replier));
    }

    [Fact]
    public void Settler_cannot_sign_a_malformed_promise()
    {
        var promise = Samples.Promise();
        promise.NetworkPaymentHash = ByteString.Empty;
        var error = Assert.Throws<ArgumentException>(() => SettlementPromises.Sign(promise, Samples.Settler));
        Assert.Contains("network_payment_hash must be 32 bytes", error.Message);
    }
}
