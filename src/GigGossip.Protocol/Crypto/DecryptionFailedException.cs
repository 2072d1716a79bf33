namespace GigGossip.Protocol.Crypto;

/// <summary>
/// A sealed blob did not open: it was tampered with, truncated, extended, or sealed to another key.
/// <see cref="SealedBox.Open"/> and <see cref="SymmetricSeal.Open"/> throw this and nothing else for bad
/// input, on purpose without saying which check failed (an attacker learns nothing from the message).
/// </summary>
public sealed class DecryptionFailedException(string message, Exception? innerException = null)
    : CryptoException(message, innerException);
