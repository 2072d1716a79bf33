using System.Security.Cryptography;
using System.Text;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Network.Noise;

/// <summary>
/// The BOLT 8 Noise_XK handshake as a state machine with no I/O. The initiator (who knows the
/// responder's static key in advance) calls <see cref="WriteActOne"/>, <see cref="ReadActTwo"/>,
/// <see cref="WriteActThree"/>; the responder calls <see cref="ReadActOne"/>, <see cref="WriteActTwo"/>,
/// <see cref="ReadActThree"/>. Then <see cref="Transport"/> encrypts messages and
/// <see cref="RemoteStaticKey"/> is the authenticated 33-byte key of the other side.
/// Any bad act throws <see cref="HandshakeException"/> and leaves the handshake failed for good.
/// </summary>
public sealed class NoiseHandshake
{
    private enum Step { WriteActOne, ReadActOne, WriteActTwo, ReadActTwo, WriteActThree, ReadActThree, Complete, Failed }

    private static readonly byte[] InitialChainingKey = SHA256.HashData(Encoding.ASCII.GetBytes(NoiseProtocol.ProtocolName));

    private readonly bool _isInitiator;
    private readonly byte[] _localStaticSecret;
    private readonly byte[] _localEphemeralSecret;
    private readonly byte[] _h = new byte[NoiseProtocol.KeyLength];
    private readonly byte[] _ck = new byte[NoiseProtocol.KeyLength];
    private readonly byte[] _tempK2 = new byte[NoiseProtocol.KeyLength];
    private byte[]? _remoteStatic;
    private byte[]? _remoteEphemeral;
    private NoiseTransport? _transport;
    private Step _step;

    private NoiseHandshake(bool isInitiator, ReadOnlySpan<byte> localStaticSecret, ReadOnlySpan<byte> remoteStatic, ReadOnlySpan<byte> ephemeralSecret)
    {
        var ecc = Secp256k1.Current;
        if (!ecc.IsValidSecretKey(localStaticSecret)) throw new ArgumentException("the local static secret key is not a valid secp256k1 scalar", nameof(localStaticSecret));
        if (!ecc.IsValidSecretKey(ephemeralSecret)) throw new ArgumentException("the ephemeral secret key is not a valid secp256k1 scalar", nameof(ephemeralSecret));
        _isInitiator = isInitiator;
        _localStaticSecret = localStaticSecret.ToArray();
        _localEphemeralSecret = ephemeralSecret.ToArray();
        LocalStaticKey = ecc.GetCompressedPublicKey(_localStaticSecret);

        InitialChainingKey.CopyTo(_h, 0);
        InitialChainingKey.CopyTo(_ck, 0);
        NoiseCrypto.MixHash(_h, Encoding.ASCII.GetBytes(NoiseProtocol.Prologue));
        if (isInitiator)
        {
            if (!IsCompressedKey(remoteStatic)) throw new ArgumentException("the remote static key must be a 33-byte compressed secp256k1 key", nameof(remoteStatic));
            _remoteStatic = remoteStatic.ToArray();
            NoiseCrypto.MixHash(_h, _remoteStatic);
            _step = Step.WriteActOne;
        }
        else
        {
            NoiseCrypto.MixHash(_h, LocalStaticKey);
            _step = Step.ReadActOne;
        }
    }

    /// <summary>Starts a handshake towards the node whose compressed static key is <paramref name="remoteStaticKey"/>.</summary>
    public static NoiseHandshake Initiator(SecretKey localStatic, ReadOnlySpan<byte> remoteStaticKey) =>
        new(true, localStatic.Bytes, remoteStaticKey, GenerateEphemeral());

    /// <summary>Waits for act one from a node that knows our static key.</summary>
    public static NoiseHandshake Responder(SecretKey localStatic) =>
        new(false, localStatic.Bytes, ReadOnlySpan<byte>.Empty, GenerateEphemeral());

    /// <summary>Raw scalars and a chosen ephemeral key: only for reproducing the spec's test vectors.</summary>
    internal static NoiseHandshake Initiator(ReadOnlySpan<byte> localStaticSecret, ReadOnlySpan<byte> remoteStaticKey, ReadOnlySpan<byte> ephemeralSecret) =>
        new(true, localStaticSecret, remoteStaticKey, ephemeralSecret);

    internal static NoiseHandshake Responder(ReadOnlySpan<byte> localStaticSecret, ReadOnlySpan<byte> ephemeralSecret) =>
        new(false, localStaticSecret, ReadOnlySpan<byte>.Empty, ephemeralSecret);

    public bool IsInitiator => _isInitiator;

    public bool IsComplete => _step == Step.Complete;

    /// <summary>Our own static key, compressed (33 bytes).</summary>
    public byte[] LocalStaticKey { get; }

    /// <summary>The other side's compressed static key: known from the start by the initiator, from act three by the responder.</summary>
    public byte[] RemoteStaticKey => _remoteStatic is { } key && (_isInitiator || IsComplete)
        ? key.ToArray()
        : throw new InvalidOperationException("the responder learns the remote static key from act three");

    /// <summary>The message phase; available once the handshake is complete.</summary>
    public NoiseTransport Transport => _transport ?? throw new InvalidOperationException("the handshake is not complete");

    /// <summary>Initiator: <c>-&gt; e, es</c>. Returns the 50 bytes of act one.</summary>
    public byte[] WriteActOne()
    {
        Expect(Step.WriteActOne, nameof(WriteActOne));
        var act = WriteEphemeralAct(1, _remoteStatic!);
        _step = Step.ReadActTwo;
        return act;
    }

    /// <summary>Responder: reads act one and checks that the initiator knows our static key.</summary>
    public void ReadActOne(ReadOnlySpan<byte> act)
    {
        Expect(Step.ReadActOne, nameof(ReadActOne));
        ReadEphemeralAct(1, act, _localStaticSecret);
        _step = Step.WriteActTwo;
    }

    /// <summary>Responder: <c>&lt;- e, ee</c>. Returns the 50 bytes of act two.</summary>
    public byte[] WriteActTwo()
    {
        Expect(Step.WriteActTwo, nameof(WriteActTwo));
        var act = WriteEphemeralAct(2, _remoteEphemeral!);
        _step = Step.ReadActThree;
        return act;
    }

    /// <summary>Initiator: reads act two from the responder.</summary>
    public void ReadActTwo(ReadOnlySpan<byte> act)
    {
        Expect(Step.ReadActTwo, nameof(ReadActTwo));
        ReadEphemeralAct(2, act, _localEphemeralSecret);
        _step = Step.WriteActThree;
    }

    /// <summary>Initiator: <c>-&gt; s, se</c>. Returns the 66 bytes of act three and completes the handshake.</summary>
    public byte[] WriteActThree()
    {
        Expect(Step.WriteActThree, nameof(WriteActThree));
        var act = new byte[NoiseProtocol.ActThreeLength];
        act[0] = NoiseProtocol.HandshakeVersion;
        var c = act.AsSpan(1, NoiseProtocol.CompressedKeyLength + NoiseProtocol.TagLength);
        NoiseCrypto.EncryptWithAd(_tempK2, 1, _h, LocalStaticKey, c);
        NoiseCrypto.MixHash(_h, c);
        var se = Secp256k1.Current.Ecdh(_localStaticSecret, _remoteEphemeral!);
        Span<byte> tempK3 = stackalloc byte[NoiseProtocol.KeyLength];
        NoiseCrypto.Hkdf(_ck, se, _ck, tempK3);
        NoiseCrypto.EncryptWithAd(tempK3, 0, _h, ReadOnlySpan<byte>.Empty, act.AsSpan(1 + c.Length));
        Finish(tempK3);
        return act;
    }

    /// <summary>Responder: reads act three, learns and authenticates the initiator's static key, completes the handshake.</summary>
    public void ReadActThree(ReadOnlySpan<byte> act)
    {
        Expect(Step.ReadActThree, nameof(ReadActThree));
        ReadStaticAct(act);
    }

    private byte[] WriteEphemeralAct(int number, byte[] remoteKey)
    {
        var act = new byte[NoiseProtocol.ActOneLength];
        act[0] = NoiseProtocol.HandshakeVersion;
        var ephemeralPublic = Secp256k1.Current.GetCompressedPublicKey(_localEphemeralSecret);
        ephemeralPublic.CopyTo(act, 1);
        NoiseCrypto.MixHash(_h, ephemeralPublic);
        MixKeyAndAuthenticate(Secp256k1.Current.Ecdh(_localEphemeralSecret, remoteKey), number, act.AsSpan(1 + NoiseProtocol.CompressedKeyLength));
        return act;
    }

    private void MixKeyAndAuthenticate(byte[] sharedSecret, int number, Span<byte> tag)
    {
        Span<byte> tempK = stackalloc byte[NoiseProtocol.KeyLength];
        NoiseCrypto.Hkdf(_ck, sharedSecret, _ck, tempK);
        if (number == 2) tempK.CopyTo(_tempK2);
        NoiseCrypto.EncryptWithAd(tempK, 0, _h, ReadOnlySpan<byte>.Empty, tag);
        NoiseCrypto.MixHash(_h, tag);
        CryptographicOperations.ZeroMemory(tempK);
    }

    private void ReadEphemeralAct(int number, ReadOnlySpan<byte> act, byte[] localSecret)
    {
        CheckLengthAndVersion(number, act, NoiseProtocol.ActOneLength);
        var remoteEphemeral = act.Slice(1, NoiseProtocol.CompressedKeyLength);
        var c = act[(1 + NoiseProtocol.CompressedKeyLength)..];
        NoiseCrypto.MixHash(_h, remoteEphemeral);
        var shared = Ecdh(number, localSecret, remoteEphemeral, "ephemeral key");
        Span<byte> tempK = stackalloc byte[NoiseProtocol.KeyLength];
        NoiseCrypto.Hkdf(_ck, shared, _ck, tempK);
        if (number == 2) tempK.CopyTo(_tempK2);
        var ok = NoiseCrypto.DecryptWithAd(tempK, 0, _h, c, Span<byte>.Empty);
        CryptographicOperations.ZeroMemory(tempK);
        if (!ok)
        {
            throw new HandshakeException(number, HandshakeFailure.BadTag, number == 1
                ? "MAC check failed: the initiator does not know our static key"
                : "MAC check failed: the responder is not the node we expected");
        }
        NoiseCrypto.MixHash(_h, c);
        _remoteEphemeral = remoteEphemeral.ToArray();
    }

    private void ReadStaticAct(ReadOnlySpan<byte> act)
    {
        CheckLengthAndVersion(3, act, NoiseProtocol.ActThreeLength);
        var c = act.Slice(1, NoiseProtocol.CompressedKeyLength + NoiseProtocol.TagLength);
        var t = act[(1 + c.Length)..];
        var remoteStatic = new byte[NoiseProtocol.CompressedKeyLength];
        if (!NoiseCrypto.DecryptWithAd(_tempK2, 1, _h, c, remoteStatic))
            throw new HandshakeException(3, HandshakeFailure.BadCiphertext, "the encrypted static key failed authentication");
        NoiseCrypto.MixHash(_h, c);
        var se = Ecdh(3, _localEphemeralSecret, remoteStatic, "static key");
        Span<byte> tempK3 = stackalloc byte[NoiseProtocol.KeyLength];
        NoiseCrypto.Hkdf(_ck, se, _ck, tempK3);
        if (!NoiseCrypto.DecryptWithAd(tempK3, 0, _h, t, Span<byte>.Empty))
            throw new HandshakeException(3, HandshakeFailure.BadTag, "final MAC check failed: the initiator does not own the static key it sent");
        _remoteStatic = remoteStatic;
        Finish(tempK3);
    }

    private void Finish(Span<byte> tempK3)
    {
        CryptographicOperations.ZeroMemory(tempK3);
        Span<byte> first = stackalloc byte[NoiseProtocol.KeyLength];
        Span<byte> second = stackalloc byte[NoiseProtocol.KeyLength];
        NoiseCrypto.Hkdf(_ck, ReadOnlySpan<byte>.Empty, first, second);
        // The initiator sends with the first key (sk, rk); the responder receives with it (rk, sk).
        _transport = _isInitiator ? new NoiseTransport(_ck, first, second) : new NoiseTransport(_ck, second, first);
        CryptographicOperations.ZeroMemory(first);
        CryptographicOperations.ZeroMemory(second);
        CryptographicOperations.ZeroMemory(_tempK2);
        CryptographicOperations.ZeroMemory(_localEphemeralSecret);
        _step = Step.Complete;
    }

    private static byte[] Ecdh(int act, ReadOnlySpan<byte> secret, ReadOnlySpan<byte> publicKey, string what)
    {
        if (!IsCompressedKey(publicKey))
            throw new HandshakeException(act, HandshakeFailure.BadPublicKey, $"the remote {what} is not a compressed secp256k1 point");
        try
        {
            return Secp256k1.Current.Ecdh(secret, publicKey);
        }
        catch (CryptoException e)
        {
            throw new HandshakeException(act, HandshakeFailure.BadPublicKey, $"the remote {what} is not a valid secp256k1 point", e);
        }
    }

    private static void CheckLengthAndVersion(int number, ReadOnlySpan<byte> act, int length)
    {
        if (act.Length != length)
            throw new HandshakeException(number, HandshakeFailure.ShortRead, $"expected {length} bytes, got {act.Length}");
        if (act[0] != NoiseProtocol.HandshakeVersion)
            throw new HandshakeException(number, HandshakeFailure.BadVersion, $"unknown handshake version {act[0]}");
    }

    /// <summary>True for 33 bytes starting with 02 or 03 whose x is on the curve.</summary>
    internal static bool IsCompressedKey(ReadOnlySpan<byte> key) =>
        key.Length == NoiseProtocol.CompressedKeyLength && key[0] is 0x02 or 0x03 && Secp256k1.Current.IsValidXOnlyPublicKey(key[1..]);

    private void Expect(Step step, string operation)
    {
        if (_step == Step.Failed) throw new InvalidOperationException("the handshake has failed; drop the connection");
        if (_step != step) throw new InvalidOperationException($"{operation} is not valid now (the handshake expects {_step})");
        _step = Step.Failed; // until the act succeeds: an exception leaves the handshake failed for good
    }

    private static byte[] GenerateEphemeral()
    {
        var secret = new byte[NoiseProtocol.KeyLength];
        do RandomNumberGenerator.Fill(secret);
        while (!Secp256k1.Current.IsValidSecretKey(secret));
        return secret;
    }
}
