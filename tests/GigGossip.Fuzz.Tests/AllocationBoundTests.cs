using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Transactions;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;

namespace GigGossip.Fuzz.Tests;

/// <summary>
/// An input that claims a huge length gets no huge allocation: what a decoder allocates is bounded by its input's limit,
/// never by what the input says it holds (measured with GC.GetAllocatedBytesForCurrentThread around the decode).
/// </summary>
public class AllocationBoundTests
{
    private const long Slack = 64 * 1024;

    [Fact]
    public void Frame_claiming_a_huge_field_allocates_little()
    {
        // field 1 (ask_for_broadcast), length-delimited, claiming 2^31 - 16 bytes, then 8 bytes of it.
        byte[] claims = [0x0A, 0xF0, 0xFF, 0xFF, 0xFF, 0x07, 1, 2, 3, 4, 5, 6, 7, 8];
        Assert.InRange(Allocated<FrameFormatException>(() => FrameCodec.Decode(claims)), 0, Slack);
        // the same claim nested inside a field that is itself within the limit
        byte[] nested = [0x0A, 0x08, 0x12, 0xF0, 0xFF, 0xFF, 0xFF, 0x07, 1, 2];
        Assert.InRange(Allocated<FrameFormatException>(() => FrameCodec.Decode(nested)), 0, Slack);
    }

    [Fact]
    public void Frame_over_the_limit_is_refused_before_it_is_parsed()
    {
        var huge = new byte[FrameLimits.DefaultMaxFrameBytes * 16];
        huge[0] = 0x0A;
        Assert.InRange(Allocated<FrameFormatException>(() => FrameCodec.Decode(huge)), 0, 4 * 1024);
        var atLimit = new byte[FrameLimits.DefaultMaxFrameBytes];
        atLimit[0] = 0x0A;
        atLimit[1] = 0xFA;
        atLimit[2] = 0xDF;
        atLimit[3] = 0x03;
        Assert.InRange(Allocated<FrameFormatException>(() => FrameCodec.Decode(atLimit)), 0, 4L * FrameLimits.DefaultMaxFrameBytes + Slack);
    }

    [Fact]
    public void Onion_over_its_depth_is_refused_before_it_is_decrypted()
    {
        var key = SecretKey.Generate();
        var onion = new byte[BackwardOnion.MaxLength + BackwardOnion.LayerOverhead];
        Assert.InRange(Allocated<OnionException>(() => BackwardOnion.Peel(key, onion)), 0, 4 * 1024);
    }

    [Fact]
    public void Bolt11_longer_than_its_limit_is_refused_before_it_is_decoded()
    {
        var text = "lnbcrt1" + new string('q', 8192 * 8);
        Assert.InRange(Allocated<Bolt11FormatException>(() => Bolt11Invoice.Decode(text)), 0, 4 * 1024);
    }

    [Fact]
    public void Transaction_claiming_billions_of_inputs_allocates_little()
    {
        // version 2, then a varint input count of 2^32 - 1, and nothing else.
        byte[] claims = [0x02, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0];
        Assert.InRange(Allocated<BitcoinFormatException>(() => TransactionHex.Parse(claims)), 0, Slack);
        byte[] witness = [0x02, 0, 0, 0, 0x00, 0x01, 0xFE, 0xFF, 0xFF, 0xFF, 0x7F];
        Assert.InRange(Allocated<BitcoinFormatException>(() => TransactionHex.Parse(witness)), 0, Slack);
    }

    /// <summary>Bytes allocated by one decode that must throw <typeparamref name="TRefusal"/> (after one warm-up run, so JIT work is not counted).</summary>
    private static long Allocated<TRefusal>(Action decode) where TRefusal : Exception
    {
        Assert.Throws<TRefusal>(decode);
        var before = GC.GetAllocatedBytesForCurrentThread();
        try { decode(); }
        catch (TRefusal) { }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
