namespace GigGossip.Protocol.Crypto;

/// <summary>A key, signature or ciphertext that is not what it claims to be.</summary>
public class CryptoException(string message, Exception? innerException = null) : Exception(message, innerException);
