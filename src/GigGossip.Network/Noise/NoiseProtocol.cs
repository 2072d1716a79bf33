namespace GigGossip.Network.Noise;

/// <summary>
/// The constants of BOLT 8: Noise_XK_secp256k1_ChaChaPoly_SHA256 with the "lightning" prologue,
/// three fixed-size acts, and length-prefixed AEAD messages whose keys rotate every 1000 uses.
/// </summary>
public static class NoiseProtocol
{
    public const string ProtocolName = "Noise_XK_secp256k1_ChaChaPoly_SHA256";
    public const string Prologue = "lightning";

    /// <summary>The only handshake version we speak; any other leading byte aborts the handshake.</summary>
    public const byte HandshakeVersion = 0;

    public const int ActOneLength = 50;
    public const int ActTwoLength = 50;
    public const int ActThreeLength = 66;

    public const int KeyLength = 32;
    public const int CompressedKeyLength = 33;
    public const int TagLength = 16;

    /// <summary>BOLT 8: no message may exceed 65535 bytes (the length prefix is two bytes).</summary>
    public const int MaxMessageLength = 65535;

    /// <summary>The encrypted 2-byte big-endian length and its tag: 18 bytes.</summary>
    public const int EncryptedHeaderLength = 2 + TagLength;

    /// <summary>A key is rotated once its nonce reaches this value (every 500 messages).</summary>
    public const ulong KeyRotationInterval = 1000;

    /// <summary>Bytes on the wire for a message of <paramref name="messageLength"/> bytes.</summary>
    public static int EncryptedMessageLength(int messageLength) => EncryptedHeaderLength + messageLength + TagLength;
}
