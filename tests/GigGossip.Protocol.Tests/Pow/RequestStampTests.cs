using System.Security.Cryptography;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Pow;
using GigGossip.Protocol.Tests.Frames;

namespace GigGossip.Protocol.Tests.Pow;

/// <summary>
/// The sender's stamp (issue #17): one proof of work bound to the exact signed request. The cheats first: a stamp moved to
/// another request, kept on a changed one, one bit short, or missing.
/// </summary>
public class RequestStampTests
{
    private const int Bits = 10;
    private const long Timestamp = 1_760_000_000_000;

    private static RequestStamp Stamp(SignedRequestPayload request, int bits = Bits) =>
        RequestStamps.Solve(request, Samples.Sender.PublicKey, bits, Timestamp);

    private static StampVerdict Verify(RequestStamp? stamp, SignedRequestPayload request, int bits = Bits) =>
        RequestStamps.Verify(stamp, request, Samples.Sender.PublicKey, bits);

    [Fact]
    public void A_stamp_verifies_on_the_request_it_was_solved_for()
    {
        var request = Samples.Request();
        Assert.Equal(StampVerdict.Valid, Verify(Stamp(request), request));
    }

    [Fact]
    public void A_stamp_solved_for_one_request_fails_on_another()
    {
        var a = Samples.Request();
        var b = Samples.Request();
        var stamp = Stamp(a);
        Assert.Equal(StampVerdict.Valid, Verify(stamp, a));
        Assert.Equal(StampVerdict.BelowTarget, Verify(stamp, b));
    }

    [Fact]
    public void A_request_changed_and_signed_again_after_stamping_loses_its_stamp()
    {
        var request = Samples.Request();
        var stamp = Stamp(request);
        var payload = request.ReadRequestPayload();
        payload.ValidUntilUnixMs += 60_000;
        var changed = SignedRequests.Sign(payload, Samples.Sender);
        Assert.True(SignedRequests.Verify(changed).IsValid);
        Assert.Equal(StampVerdict.BelowTarget, Verify(stamp, changed));
    }

    [Fact]
    public void A_stamp_on_another_signature_of_the_same_payload_does_not_verify()
    {
        var request = Samples.Request();
        var stamp = Stamp(request);
        var resigned = request.Clone();
        var signature = resigned.Signature.ToByteArray();
        signature[0] ^= 1;
        resigned.Signature = Google.Protobuf.ByteString.CopyFrom(signature);
        Assert.Equal(StampVerdict.BelowTarget, Verify(stamp, resigned));
    }

    [Fact]
    public void A_stamp_one_bit_short_is_refused()
    {
        var request = Samples.Request();
        var nonce = NonceWithExactly(RequestStamps.Digest(request), Samples.Sender.PublicKey, Bits - 1);
        var stamp = new RequestStamp { TimestampUnixMs = Timestamp, Nonce = nonce };
        Assert.Equal(StampVerdict.Valid, Verify(stamp, request, Bits - 1));
        Assert.Equal(StampVerdict.BelowTarget, Verify(stamp, request, Bits));
    }

    [Fact]
    public void A_stamp_for_another_signing_key_is_refused()
    {
        var request = Samples.Request();
        var stamp = RequestStamps.Solve(request, Samples.Replier.PublicKey, Bits, Timestamp);
        Assert.Equal(StampVerdict.BelowTarget, Verify(stamp, request));
    }

    [Fact]
    public void A_missing_stamp_is_refused_only_when_one_is_required()
    {
        var request = Samples.Request();
        Assert.Equal(StampVerdict.Missing, Verify(null, request));
        Assert.Equal(StampVerdict.Valid, Verify(null, request, bits: 0));
    }

    [Fact]
    public void The_digest_is_the_tagged_hash_of_the_length_prefixed_payload_and_the_signature()
    {
        var request = Samples.Request();
        var payload = request.RequestPayload.ToByteArray();
        byte[] message = [(byte)(payload.Length >> 24), (byte)(payload.Length >> 16), (byte)(payload.Length >> 8), (byte)payload.Length, .. payload, .. request.Signature.ToByteArray()];
        Assert.Equal(TaggedHash.Compute("gig-gossip/stamp", message), RequestStamps.Digest(request));
    }

    [Theory]
    [InlineData(300, 4, 12, 23)]
    [InlineData(1, 1, 12, 12)]
    [InlineData(1_000, 4, 8, 20)]
    public void Stamp_bits_cover_every_relay_s_per_hop_proof(int nodes, int forwards, int powBits, int expected)
    {
        var bits = StampSizing.Bits(nodes, forwards, powBits);
        Assert.Equal(expected, bits);
        Assert.True(Math.Pow(2, bits) >= (double)nodes * forwards * Math.Pow(2, powBits));
        Assert.True(Math.Pow(2, bits - 1) < (double)nodes * forwards * Math.Pow(2, powBits));
    }

    /// <summary>A nonce whose hash has exactly <paramref name="bits"/> leading zero bits: it meets that many and not one more.</summary>
    public static ulong NonceWithExactly(byte[] digest, PublicKey signer, int bits)
    {
        var unit = new PowWorkUnit(digest, signer, Timestamp);
        var enough = PowTarget.FromLeadingZeroBits(bits);
        var more = PowTarget.FromLeadingZeroBits(bits + 1);
        for (ulong nonce = 1; ; nonce++)
        {
            var hash = SHA256.HashData(unit.ToBytes(nonce));
            if (enough.IsMetBy(hash) && !more.IsMetBy(hash)) return nonce;
        }
    }
}
