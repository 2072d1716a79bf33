namespace GigGossip.Network.Noise;

/// <summary>Why an established connection failed or was dropped.</summary>
public enum TransportFailure
{
    /// <summary>The peer closed the connection cleanly between two messages.</summary>
    PeerClosed,

    /// <summary>The stream ended in the middle of a message.</summary>
    Truncated,

    /// <summary>A length prefix or message body did not authenticate.</summary>
    BadTag,

    /// <summary>The decrypted length is above the receiver's limit (refused before reading the body).</summary>
    MessageTooLarge,

    /// <summary>The host could not be reached (DNS, refused, unreachable).</summary>
    Unreachable,

    /// <summary>The socket failed (reset, aborted).</summary>
    IoError,

    /// <summary>The connection was already closed or dropped.</summary>
    Closed,

    /// <summary>The per-peer send queue stayed full past its limit, so the peer was dropped.</summary>
    SendQueueFull,

    /// <summary>The peer did not answer a keepalive ping in time.</summary>
    PingTimeout,

    /// <summary>The peer sent a message our peer layer does not understand.</summary>
    ProtocolViolation,
}
