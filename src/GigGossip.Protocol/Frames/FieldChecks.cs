using Google.Protobuf;

namespace GigGossip.Protocol.Frames;

/// <summary>The structural checks every frame field goes through; each failure is one <see cref="FrameFormatException"/>.</summary>
internal static class FieldChecks
{
    public static T Present<T>(T? value, string path) where T : class =>
        value ?? throw new FrameFormatException($"{path} is missing");

    public static void Length(ByteString value, int length, string path)
    {
        if (value.Length != length) throw new FrameFormatException($"{path} must be {length} bytes, got {value.Length}");
    }

    public static void NotEmpty(ByteString value, string path)
    {
        if (value.IsEmpty) throw new FrameFormatException($"{path} is empty");
    }

    public static void NotEmpty(string value, string path)
    {
        if (value.Length == 0) throw new FrameFormatException($"{path} is empty");
    }

    public static void AtMost(ByteString value, int maxBytes, string path)
    {
        if (value.Length > maxBytes) throw new FrameFormatException($"{path} is {value.Length} bytes, more than the {maxBytes}-byte limit");
    }

    public static void NotNegative(long value, string path)
    {
        if (value < 0) throw new FrameFormatException($"{path} must not be negative, got {value}");
    }

    public static void Ordered(long first, string firstPath, long second, string secondPath)
    {
        if (first > second) throw new FrameFormatException($"{firstPath} ({first}) is after {secondPath} ({second})");
    }

    /// <summary>Parses bytes carried inside a frame (signed payloads); unknown fields are dropped.</summary>
    public static T Parse<T>(MessageParser<T> parser, ByteString bytes, string path) where T : IMessage<T>
    {
        FrameParses.Parsed(typeof(T));
        try
        {
            return parser.WithDiscardUnknownFields(true).ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FrameFormatException($"{path} is not a valid {typeof(T).Name}: {e.Message}");
        }
    }
}
