using GigGossip.Network.Noise;

namespace GigGossip.Network.Tcp;

/// <summary>Limits of one BOLT 8 connection.</summary>
public sealed record NoiseConnectionOptions
{
    public static NoiseConnectionOptions Default { get; } = new();

    /// <summary>TCP connect (outbound) plus the three acts must finish within this time.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Largest message sent or accepted, at most BOLT 8's 65535. A received length above it is refused
    /// right after the 18-byte header is decrypted, before any of the body is read.
    /// </summary>
    public int MaxMessageLength
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, NoiseProtocol.MaxMessageLength);
            field = value;
        }
    } = NoiseProtocol.MaxMessageLength;

    /// <summary>
    /// A listener runs at most this many handshakes at once for one remote IP address (of its
    /// <see cref="NoiseListener.MaxPendingHandshakes"/>); a further connection from it is closed at once.
    /// </summary>
    public int MaxPendingHandshakesPerAddress
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            field = value;
        }
    } = 16;

    /// <summary>The clock behind <see cref="HandshakeTimeout"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
