using Google.Protobuf;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Tests.Frames;

public class FrameCodecTests
{
    public static TheoryData<string> MalformedCases => [.. MalformedFrames.Cases.Keys];

    public static TheoryData<int> Kinds => [0, 1, 2, 3, 4];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_of_frame_survives_encode_and_decode(int kind)
    {
        var frame = Samples.AllKinds()[kind];
        var decoded = FrameCodec.Decode(FrameCodec.Encode(frame));
        Assert.Equal(frame, decoded);
        Assert.NotEqual(Frame.KindOneofCase.None, decoded.KindCase);
    }

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Malformed_frame_is_refused_with_one_clear_message(string name)
    {
        var (make, expected) = MalformedFrames.Cases[name];
        var frame = make();
        var decodeError = Assert.Throws<FrameFormatException>(() => FrameCodec.Decode(frame.ToByteArray()));
        Assert.Contains(expected, decodeError.Message);
        var encodeError = Assert.Throws<FrameFormatException>(() => FrameCodec.Encode(frame));
        Assert.Equal(decodeError.Message, encodeError.Message);
    }

    [Fact]
    public void Frame_over_the_size_limit_is_refused_before_parsing()
    {
        var tooBig = new byte[FrameLimits.DefaultMaxFrameBytes + 1];
        var error = Assert.Throws<FrameFormatException>(() => FrameCodec.Decode(tooBig));
        Assert.Equal($"frame is {FrameLimits.DefaultMaxFrameBytes + 1} bytes, more than the {FrameLimits.DefaultMaxFrameBytes}-byte limit", error.Message);
    }

    [Fact]
    public void Frame_of_exactly_the_size_limit_is_accepted_and_one_byte_less_is_not()
    {
        var bytes = FrameCodec.Encode(Samples.Reply());
        var exact = new FrameLimits { MaxFrameBytes = bytes.Length };
        var decoded = FrameCodec.Decode(bytes, exact);
        Assert.Equal(bytes, FrameCodec.Encode(decoded, exact));
        var oneLess = new FrameLimits { MaxFrameBytes = bytes.Length - 1 };
        Assert.Throws<FrameFormatException>(() => FrameCodec.Decode(bytes, oneLess));
        Assert.Throws<FrameFormatException>(() => FrameCodec.Encode(decoded, oneLess));
    }

    [Fact]
    public void Default_limit_lets_a_frame_fit_one_bolt8_message()
    {
        Assert.True(FrameLimits.Default.MaxFrameBytes <= 65535 - 16);
    }

    [Fact]
    public void Bytes_that_are_not_protobuf_are_refused()
    {
        var error = Assert.Throws<FrameFormatException>(() => FrameCodec.Decode([0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.StartsWith("frame is not valid protobuf", error.Message);
    }

    [Fact]
    public void Empty_bytes_are_a_frame_without_message()
    {
        var error = Assert.Throws<FrameFormatException>(() => FrameCodec.Decode([]));
        Assert.Equal("frame has no message set", error.Message);
    }

    [Fact]
    public void Unknown_fields_are_dropped_when_decoding()
    {
        var bytes = FrameCodec.Encode(Samples.CancelBroadcast());
        byte[] unknownField = [0xA0, 0x06, 0x2A]; // field 100, varint 42
        var decoded = FrameCodec.Decode([.. bytes, .. unknownField]);
        Assert.Equal(bytes, FrameCodec.Encode(decoded));
    }

    [Fact]
    public void Broadcast_payload_is_read_from_the_exact_bytes_carried()
    {
        var frame = Samples.PowBroadcast().PowBroadcast;
        var payload = frame.ReadBroadcastPayload();
        Assert.Equal(frame.BroadcastPayload, payload.ToByteString());
        Assert.True(SignedRequests.Verify(payload.SignedRequestPayload).IsValid);
    }

    [Fact]
    public void The_decoded_request_carries_the_stamp_its_ask_or_broadcast_payload_carried()
    {
        var stamp = new RequestStamp { TimestampUnixMs = 1_760_000_000_000, Nonce = 42 };
        var ask = Samples.AskForBroadcast();
        Assert.Null(FrameCodec.DecodeFrame(FrameCodec.Encode(ask)).Request!.Stamp);
        ask.AskForBroadcast.Stamp = stamp;
        Assert.Equal(stamp, FrameCodec.DecodeFrame(FrameCodec.Encode(ask)).Request!.Stamp);

        var broadcast = Samples.PowBroadcast();
        Assert.Null(FrameCodec.DecodeFrame(FrameCodec.Encode(broadcast)).Request!.Stamp);
        var payload = broadcast.PowBroadcast.ReadBroadcastPayload();
        payload.Stamp = stamp;
        broadcast.PowBroadcast.BroadcastPayload = payload.ToByteString();
        Assert.Equal(stamp, FrameCodec.DecodeFrame(FrameCodec.Encode(broadcast)).Request!.Stamp);
    }
}
