namespace GigGossip.Protocol.Frames;

/// <summary>Hard limits a node applies to every frame it reads or writes.</summary>
public sealed record FrameLimits
{
    /// <summary>60 KiB: a frame plus its framing fits one BOLT 8 message (at most 65,535 bytes).</summary>
    public const int DefaultMaxFrameBytes = 60 * 1024;

    public static FrameLimits Default { get; } = new();

    /// <summary>Checked on the raw bytes before anything is parsed.</summary>
    public int MaxFrameBytes { get; init; } = DefaultMaxFrameBytes;

    /// <summary>Largest backward or forward onion; bounds how deep an onion can grow.</summary>
    public int MaxOnionBytes { get; init; } = 16 * 1024;

    /// <summary>Most properties a certificate may carry.</summary>
    public int MaxCertificateProperties { get; init; } = 32;
}
