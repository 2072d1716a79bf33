namespace GigGossip.Network.Noise;

/// <summary>A BOLT 8 handshake was aborted; the connection must be (and, by our classes, is) dropped.</summary>
public sealed class HandshakeException : Exception
{
    public HandshakeException(int act, HandshakeFailure failure, string message, Exception? inner = null)
        : base($"noise handshake act {act}: {message}", inner)
    {
        Act = act;
        Failure = failure;
    }

    /// <summary>The act (1, 2 or 3) being written or read when the handshake failed.</summary>
    public int Act { get; }

    public HandshakeFailure Failure { get; }
}
