namespace GigGossip.Node.State;

/// <summary>A key or token file that cannot be read, created, or does not hold a 32-byte hex secret.</summary>
public sealed class SecretFileException(string message, Exception? inner = null) : Exception(message, inner);
