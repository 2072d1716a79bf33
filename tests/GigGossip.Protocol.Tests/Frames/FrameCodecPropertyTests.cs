using CsCheck;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Tests.Frames;

/// <summary>Whatever bytes a peer sends, decoding either gives a frame that encodes again or throws FrameFormatException.</summary>
public class FrameCodecPropertyTests
{
    private static readonly byte[][] ValidFrames = [.. Samples.AllKinds().Select(f => FrameCodec.Encode(f))];

    [Fact]
    public void Random_bytes_decode_or_throw_frame_format_exception()
    {
        Gen.Byte.Array[0, 600].Sample(bytes => { DecodeOrReject(bytes); }, iter: 20_000);
    }

    [Fact]
    public void Mutated_valid_frames_decode_or_throw_frame_format_exception()
    {
        var decoded = 0;
        var rejected = 0;
        var mutation = Gen.Select(Gen.Int[0, int.MaxValue], Gen.Byte);
        Gen.Select(Gen.Int[0, ValidFrames.Length - 1], Gen.Int[0, 2], mutation.Array[1, 4]).Sample((kind, mode, changes) =>
        {
            var bytes = Mutate(ValidFrames[kind], mode, changes);
            if (DecodeOrReject(bytes)) Interlocked.Increment(ref decoded);
            else Interlocked.Increment(ref rejected);
        }, iter: 5_000);
        Assert.True(decoded > 0, "no mutated frame decoded: the mutations are too coarse to test anything");
        Assert.True(rejected > 0, "no mutated frame was rejected");
    }

    private static byte[] Mutate(byte[] original, int mode, (int Position, byte Value)[] changes)
    {
        var bytes = new List<byte>(original);
        foreach (var (position, value) in changes)
        {
            var at = position % bytes.Count;
            switch (mode)
            {
                case 0: bytes[at] = value; break;
                case 1: bytes.Insert(at, value); break;
                default: bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + value % 8)); break;
            }
            if (bytes.Count == 0) break;
        }
        return [.. bytes];
    }

    private static bool DecodeOrReject(byte[] bytes)
    {
        Frame frame;
        try
        {
            frame = FrameCodec.Decode(bytes);
        }
        catch (FrameFormatException)
        {
            return false;
        }
        FrameCodec.Encode(frame);
        return true;
    }
}
