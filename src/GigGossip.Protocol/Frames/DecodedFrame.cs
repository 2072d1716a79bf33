namespace GigGossip.Protocol.Frames;

/// <summary>
/// A frame checked all the way down, with the payloads it carries as bytes already parsed, so nothing parses them
/// again: the codec builds one from the wire (<see cref="FrameCodec.DecodeFrame"/>), the engine builds one for a
/// frame it sends from parts it already checked, and <see cref="FrameCodec.Encode(DecodedFrame, FrameLimits?)"/> sends it without checking again.
/// </summary>
public sealed class DecodedFrame
{
    private DecodedFrame(Frame frame, ParsedRequest? request, BroadcastPayload? broadcast, SettlementPromise? promise)
    {
        Frame = frame;
        Request = request;
        Broadcast = broadcast;
        Promise = promise;
    }

    public Frame Frame { get; }

    /// <summary>The signed request of an AskForBroadcast, or of the broadcast payload of a PowBroadcast.</summary>
    public ParsedRequest? Request { get; }

    /// <summary>The broadcast payload of a PowBroadcast, parsed from the exact bytes its proof of work covers.</summary>
    public BroadcastPayload? Broadcast { get; }

    /// <summary>The settlement promise of a Reply.</summary>
    public SettlementPromise? Promise { get; }

    internal static DecodedFrame Checked(Frame frame, ParsedRequest? request = null, BroadcastPayload? broadcast = null, SettlementPromise? promise = null) =>
        new(frame, request, broadcast, promise);

    /// <summary>An AskForBroadcast for a request this node already checked (or signed).</summary>
    public static DecodedFrame AskForBroadcast(Google.Protobuf.ByteString askId, ParsedRequest request) =>
        new(new Frame { AskForBroadcast = new AskForBroadcastFrame { AskId = askId, SignedRequestPayload = request.Signed, Stamp = request.Stamp } }, request, null, null);

    /// <summary>A Reply whose settlement promise this node already checked.</summary>
    public static DecodedFrame Reply(ReplyFrame frame, SettlementPromise promise) =>
        new(new Frame { Reply = frame }, null, null, promise);

    /// <summary>A PowBroadcast whose broadcast payload this node built from a request it already checked.</summary>
    public static DecodedFrame PowBroadcast(PowBroadcastFrame frame, BroadcastPayload broadcast, ParsedRequest request) =>
        new(new Frame { PowBroadcast = frame }, request, broadcast, null);
}
