namespace GigGossip.Network.Noise;

/// <summary>An established BOLT 8 connection failed; it is dropped and cannot be used again.</summary>
public sealed class TransportException(TransportFailure failure, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public TransportFailure Failure { get; } = failure;
}
