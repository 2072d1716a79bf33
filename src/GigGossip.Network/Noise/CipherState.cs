using System.Security.Cryptography;

namespace GigGossip.Network.Noise;

/// <summary>
/// One direction of a BOLT 8 session: a key, its nonce and its chaining key. After each use the nonce
/// grows; when it reaches 1000 the key rotates: <c>ck', k' = HKDF(ck, k)</c>, nonce back to 0.
/// </summary>
internal sealed class CipherState : IDisposable
{
    private readonly byte[] _chainingKey;
    private readonly byte[] _key;
    private ChaCha20Poly1305 _aead;

    public CipherState(ReadOnlySpan<byte> chainingKey, ReadOnlySpan<byte> key)
    {
        _chainingKey = chainingKey.ToArray();
        _key = key.ToArray();
        _aead = new ChaCha20Poly1305(_key);
    }

    public ulong Nonce { get; private set; }

    /// <summary>The current key (for the spec's test vectors).</summary>
    internal ReadOnlySpan<byte> Key => _key;

    internal ReadOnlySpan<byte> ChainingKey => _chainingKey;

    /// <summary>Writes ciphertext || tag (plaintext length + 16 bytes) with an empty AD.</summary>
    public void Encrypt(ReadOnlySpan<byte> plaintext, Span<byte> ciphertextAndTag)
    {
        NoiseCrypto.Encrypt(_aead, Nonce, ReadOnlySpan<byte>.Empty, plaintext, ciphertextAndTag);
        Advance();
    }

    /// <summary>False when the tag does not verify; the nonce advances either way (the session is over then).</summary>
    public bool TryDecrypt(ReadOnlySpan<byte> ciphertextAndTag, Span<byte> plaintext)
    {
        var ok = NoiseCrypto.TryDecrypt(_aead, Nonce, ReadOnlySpan<byte>.Empty, ciphertextAndTag, plaintext);
        Advance();
        return ok;
    }

    public void Dispose()
    {
        _aead.Dispose();
        CryptographicOperations.ZeroMemory(_key);
        CryptographicOperations.ZeroMemory(_chainingKey);
    }

    private void Advance()
    {
        if (++Nonce < NoiseProtocol.KeyRotationInterval) return;
        NoiseCrypto.Hkdf(_chainingKey, _key, _chainingKey, _key);
        Nonce = 0;
        _aead.Dispose();
        _aead = new ChaCha20Poly1305(_key);
    }
}
