using System.Buffers.Binary;
using System.Security.Cryptography;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Pow;
using static GigGossip.Protocol.Tests.Pow.PowFixture;

namespace GigGossip.Protocol.Tests.Pow;

public class ProofOfWorkTests
{
    [Fact]
    public void Solved_proof_verifies()
    {
        Assert.Equal(PowVerdict.Valid, Verify());
    }

    [Fact]
    public void Single_thread_solver_returns_the_first_valid_nonce()
    {
        Assert.NotEqual(0UL, Nonce);
        for (ulong nonce = 0; nonce < Nonce; nonce++)
            Assert.Equal(PowVerdict.HashAboveTarget, Verify(nonce: nonce));
    }

    [Fact]
    public void Work_unit_is_digest_key_timestamp_nonce_big_endian()
    {
        var bytes = Unit.ToBytes(0x0102030405060708);
        Assert.Equal(80, bytes.Length);
        Assert.Equal(Digest, bytes[..32]);
        Assert.Equal(Middleman.Bytes.ToArray(), bytes[32..64]);
        Assert.Equal(Timestamp, BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(64)));
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], bytes[72..]);
        Assert.True(Target.IsMetBy(SHA256.HashData(Unit.ToBytes(Nonce))));
    }

    [Fact]
    public void Payload_digest_is_the_tagged_hash_of_ask_id_target_and_payload()
    {
        byte[] message = [0, 0, 0, (byte)AskId.Length, .. AskId, .. Target.Bytes, .. Payload];
        Assert.Equal(TaggedHash.Compute("gig-gossip/pow", message), Digest);
    }

    [Fact]
    public void Payload_digest_commits_to_ask_id_target_and_payload()
    {
        Assert.NotEqual(Digest, ProofOfWork.PayloadDigest([.. AskId, 0], Target, Payload));
        Assert.NotEqual(Digest, ProofOfWork.PayloadDigest(AskId, PowTarget.FromLeadingZeroBits(11), Payload));
        Assert.NotEqual(Digest, ProofOfWork.PayloadDigest(AskId, Target, [.. Payload, 0]));
        Assert.NotEqual(ProofOfWork.PayloadDigest([1], Target, [2, 3]), ProofOfWork.PayloadDigest([1, 2], Target, [3]));
    }

    [Fact]
    public void Middleman_rejects_pow_with_a_tampered_nonce()
    {
        Assert.Equal(PowVerdict.HashAboveTarget, Verify(nonce: Nonce + 1));
        Assert.Equal(PowVerdict.HashAboveTarget, Verify(nonce: Nonce ^ (1UL << 63)));
    }

    [Fact]
    public void Middleman_rejects_pow_made_for_another_payload_ask_or_target()
    {
        Assert.Equal(PowVerdict.HashAboveTarget, Verify(digest: ProofOfWork.PayloadDigest(AskId, Target, [.. Payload, 0])));
        Assert.Equal(PowVerdict.HashAboveTarget, Verify(digest: ProofOfWork.PayloadDigest([.. AskId, 0], Target, Payload)));
        var lowerTarget = PowTarget.FromLeadingZeroBits(4);
        Assert.Equal(PowVerdict.HashAboveTarget, Verify(digest: ProofOfWork.PayloadDigest(AskId, lowerTarget, Payload), target: lowerTarget));
    }

    [Fact]
    public void Middleman_rejects_pow_made_for_another_middleman()
    {
        Assert.Equal(PowVerdict.HashAboveTarget, Verify(middleman: OtherMiddleman));
    }

    [Fact]
    public void Middleman_rejects_pow_whose_timestamp_was_changed()
    {
        Assert.Equal(PowVerdict.HashAboveTarget, Verify(timestamp: Timestamp - 1));
    }

    [Fact]
    public void Middleman_accepts_pow_at_both_ends_of_the_time_window()
    {
        Assert.Equal(PowVerdict.Valid, Verify(now: Timestamp));
        Assert.Equal(PowVerdict.Valid, Verify(now: Timestamp + Tolerance));
    }

    [Fact]
    public void Middleman_rejects_pow_after_timestamp_tolerance()
    {
        Assert.Equal(PowVerdict.TimestampExpired, Verify(now: Timestamp + Tolerance + 1));
    }

    [Fact]
    public void Middleman_rejects_pow_with_a_timestamp_in_the_future()
    {
        Assert.Equal(PowVerdict.TimestampInFuture, Verify(now: Timestamp - 1));
    }

    [Fact]
    public void Timestamp_far_in_the_past_does_not_overflow_into_the_window()
    {
        Assert.Equal(PowVerdict.TimestampExpired, Verify(timestamp: long.MinValue, now: long.MaxValue));
        Assert.Equal(PowVerdict.TimestampExpired, Verify(timestamp: long.MinValue, now: 0));
    }

    [Fact]
    public void Negative_tolerance_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ProofOfWork.Verify(Digest, Middleman, Timestamp, Nonce, Target, Timestamp, -1));
    }

    [Fact]
    public void Payload_digest_must_be_32_bytes()
    {
        Assert.Throws<ArgumentException>(() => new PowWorkUnit(new byte[31], Middleman, Timestamp));
    }
}
