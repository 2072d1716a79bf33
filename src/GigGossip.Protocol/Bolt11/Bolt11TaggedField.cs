namespace GigGossip.Protocol.Bolt11;

/// <summary>One tagged field as it appears on the wire: its type and its data as 5-bit words.</summary>
public sealed record Bolt11TaggedField(int Type, byte[] Words)
{
    /// <summary>Most data a field can hold: 1023 words (639 bytes).</summary>
    public const int MaxWords = 1023;

    /// <summary>The field's letter, e.g. 'p' for the payment hash.</summary>
    public char Letter => Bech32.Charset[Type];

    /// <summary>The data as bytes, trailing padding bits dropped.</summary>
    public byte[] ToBytes() => Bech32Words.ToBytes(Words, padToByte: false);
}
