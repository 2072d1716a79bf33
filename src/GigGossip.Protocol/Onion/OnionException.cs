namespace GigGossip.Protocol.Onion;

/// <summary>
/// A backward onion that cannot be grown or peeled: too deep, malformed, tampered with, or not sealed to us.
/// The one exception type of <see cref="BackwardOnion"/>; when a layer fails to decrypt, the
/// <see cref="Crypto.DecryptionFailedException"/> is its inner exception.
/// </summary>
public sealed class OnionException(string message, Exception? innerException = null) : Exception(message, innerException);
