using System.Buffers.Binary;

namespace GigGossip.Network.Noise;

/// <summary>
/// The message phase of BOLT 8 after a completed handshake, with no I/O: each message goes out as
/// <c>encrypt(len) || encrypt(message)</c> (18 + length + 16 bytes); the receiver decrypts the 18-byte
/// header first, learns the body length, then decrypts the body. Each direction rotates its key every
/// 1000 uses. One sender and one receiver may use an instance concurrently (the directions are independent).
/// </summary>
public sealed class NoiseTransport : IDisposable
{
    private readonly CipherState _sending;
    private readonly CipherState _receiving;
    private int _pendingBodyLength = -1;

    internal NoiseTransport(ReadOnlySpan<byte> chainingKey, ReadOnlySpan<byte> sendingKey, ReadOnlySpan<byte> receivingKey)
    {
        _sending = new CipherState(chainingKey, sendingKey);
        _receiving = new CipherState(chainingKey, receivingKey);
    }

    internal CipherState Sending => _sending;

    internal CipherState Receiving => _receiving;

    /// <summary>Encrypts one message (at most 65535 bytes) into a new array of <see cref="NoiseProtocol.EncryptedMessageLength"/> bytes.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> message)
    {
        var output = new byte[NoiseProtocol.EncryptedMessageLength(message.Length)];
        Encrypt(message, output);
        return output;
    }

    /// <summary>Encrypts one message into <paramref name="destination"/>; returns the bytes written.</summary>
    public int Encrypt(ReadOnlySpan<byte> message, Span<byte> destination)
    {
        if (message.Length > NoiseProtocol.MaxMessageLength)
            throw new ArgumentException($"a BOLT 8 message is at most {NoiseProtocol.MaxMessageLength} bytes, got {message.Length}", nameof(message));
        var total = NoiseProtocol.EncryptedMessageLength(message.Length);
        if (destination.Length < total) throw new ArgumentException($"destination needs {total} bytes", nameof(destination));
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, (ushort)message.Length);
        _sending.Encrypt(length, destination[..NoiseProtocol.EncryptedHeaderLength]);
        _sending.Encrypt(message, destination[NoiseProtocol.EncryptedHeaderLength..total]);
        return total;
    }

    /// <summary>
    /// Decrypts the 18-byte header of the next message and returns the message length <c>l</c>;
    /// the caller then reads <c>l + 16</c> bytes and passes them to <see cref="DecryptBody(ReadOnlySpan{byte})"/>.
    /// </summary>
    /// <exception cref="TransportException">The header does not authenticate.</exception>
    public int DecryptHeader(ReadOnlySpan<byte> encryptedHeader)
    {
        if (encryptedHeader.Length != NoiseProtocol.EncryptedHeaderLength)
            throw new ArgumentException($"the encrypted header is {NoiseProtocol.EncryptedHeaderLength} bytes", nameof(encryptedHeader));
        if (_pendingBodyLength >= 0) throw new InvalidOperationException("the previous message's body has not been decrypted yet");
        Span<byte> length = stackalloc byte[2];
        if (!_receiving.TryDecrypt(encryptedHeader, length))
            throw new TransportException(TransportFailure.BadTag, "message length prefix failed authentication");
        _pendingBodyLength = BinaryPrimitives.ReadUInt16BigEndian(length);
        return _pendingBodyLength;
    }

    /// <summary>Decrypts the body (<c>l + 16</c> bytes) announced by the last header.</summary>
    /// <exception cref="TransportException">The body does not authenticate.</exception>
    public byte[] DecryptBody(ReadOnlySpan<byte> encryptedBody)
    {
        var message = new byte[Math.Max(0, encryptedBody.Length - NoiseProtocol.TagLength)];
        DecryptBody(encryptedBody, message);
        return message;
    }

    /// <summary>Decrypts the body (<c>l + 16</c> bytes) announced by the last header into <paramref name="message"/> (<c>l</c> bytes).</summary>
    public void DecryptBody(ReadOnlySpan<byte> encryptedBody, Span<byte> message)
    {
        if (_pendingBodyLength < 0) throw new InvalidOperationException("decrypt the header before the body");
        if (encryptedBody.Length != _pendingBodyLength + NoiseProtocol.TagLength)
            throw new ArgumentException($"the header announced {_pendingBodyLength} + {NoiseProtocol.TagLength} bytes, got {encryptedBody.Length}", nameof(encryptedBody));
        if (message.Length < _pendingBodyLength) throw new ArgumentException($"message needs {_pendingBodyLength} bytes", nameof(message));
        _pendingBodyLength = -1;
        if (!_receiving.TryDecrypt(encryptedBody, message))
            throw new TransportException(TransportFailure.BadTag, "message body failed authentication");
    }

    public void Dispose()
    {
        _sending.Dispose();
        _receiving.Dispose();
    }
}
