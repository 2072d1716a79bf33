using Google.Protobuf;

namespace GigGossip.Protocol.Frames;

/// <summary>
/// Frames to and from bytes. Decoding checks the size before parsing, then the whole structure
/// (required parts, field lengths, limits, the payloads carried as bytes); any failure is one
/// <see cref="FrameFormatException"/>. Signatures, certificates, proofs of work and topics are
/// judged later by their own verifiers, against keys, time and policy.
/// </summary>
public static class FrameCodec
{
    private static readonly MessageParser<Frame> Parser = Frame.Parser.WithDiscardUnknownFields(true);

    /// <summary>Serializes a frame after checking it as <see cref="DecodeFrame"/> would, so a node never sends what a peer must reject.</summary>
    public static byte[] Encode(Frame frame, FrameLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        limits ??= FrameLimits.Default;
        var size = frame.CalculateSize();
        if (size > limits.MaxFrameBytes) throw TooBig(size, limits);
        FrameValidator.Validate(frame, limits);
        return frame.ToByteArray();
    }

    /// <summary>Serializes a frame checked when it was built; only its size is checked again.</summary>
    public static byte[] Encode(DecodedFrame frame, FrameLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        limits ??= FrameLimits.Default;
        var size = frame.Frame.CalculateSize();
        if (size > limits.MaxFrameBytes) throw TooBig(size, limits);
        return frame.Frame.ToByteArray();
    }

    /// <summary>
    /// What <see cref="Encode(Frame, FrameLimits?)"/> checks, without serializing: the frame with its payloads parsed, and
    /// its size on the wire. For hosts that hand a frame over in memory (the simulator's copied frames).
    /// </summary>
    public static DecodedFrame Check(Frame frame, out int size, FrameLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        limits ??= FrameLimits.Default;
        size = frame.CalculateSize();
        if (size > limits.MaxFrameBytes) throw TooBig(size, limits);
        return FrameValidator.Validate(frame, limits);
    }

    /// <summary>The wire size of a frame checked when it was built, checked against the limit as <see cref="Encode(DecodedFrame, FrameLimits?)"/> does.</summary>
    public static int CheckedSize(DecodedFrame frame, FrameLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(frame);
        limits ??= FrameLimits.Default;
        var size = frame.Frame.CalculateSize();
        if (size > limits.MaxFrameBytes) throw TooBig(size, limits);
        return size;
    }

    public static Frame Decode(ReadOnlySpan<byte> bytes, FrameLimits? limits = null) => DecodeFrame(bytes, limits).Frame;

    /// <summary>Parses and checks a frame from the wire once, keeping the payloads it carries as parsed.</summary>
    public static DecodedFrame DecodeFrame(ReadOnlySpan<byte> bytes, FrameLimits? limits = null)
    {
        limits ??= FrameLimits.Default;
        if (bytes.Length > limits.MaxFrameBytes) throw TooBig(bytes.Length, limits);
        Frame frame;
        FrameParses.Parsed(typeof(Frame));
        try
        {
            frame = Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FrameFormatException($"frame is not valid protobuf: {e.Message}");
        }
        return FrameValidator.Validate(frame, limits);
    }

    private static FrameFormatException TooBig(int size, FrameLimits limits) =>
        new($"frame is {size} bytes, more than the {limits.MaxFrameBytes}-byte limit");
}
