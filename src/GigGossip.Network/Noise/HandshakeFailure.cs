namespace GigGossip.Network.Noise;

/// <summary>Why a BOLT 8 handshake was aborted (the spec's ACTn_* errors, plus the transport's own).</summary>
public enum HandshakeFailure
{
    /// <summary>The act was shorter than its fixed size (ACTn_READ_FAILED).</summary>
    ShortRead,

    /// <summary>The leading version byte was not 0 (ACTn_BAD_VERSION).</summary>
    BadVersion,

    /// <summary>A public key in the act is not a valid compressed secp256k1 point (ACTn_BAD_PUBKEY).</summary>
    BadPublicKey,

    /// <summary>The encrypted static key of act three did not authenticate (ACT3_BAD_CIPHERTEXT).</summary>
    BadCiphertext,

    /// <summary>The act's MAC did not verify (ACTn_BAD_TAG): wrong keys, or a man in the middle.</summary>
    BadTag,

    /// <summary>The peer closed the connection before the act was complete.</summary>
    ConnectionClosed,

    /// <summary>The handshake did not finish within the configured timeout.</summary>
    Timeout,

    /// <summary>The socket failed during the handshake.</summary>
    IoError,

    /// <summary>The listener refused the connection: its address already had as many handshakes in progress as allowed.</summary>
    TooManyPending,
}
