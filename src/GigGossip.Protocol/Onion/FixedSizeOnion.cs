using System.Security.Cryptography;
using System.Text;
using GigGossip.Protocol.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace GigGossip.Protocol.Onion;

/// <summary>
/// A backward onion of constant size (<see cref="Length"/> bytes at every hop), so no peer learns its distance from
/// the sender from the onion. It is <see cref="Slots"/> slots of <see cref="SlotLength"/> bytes. Growing puts a new
/// slot in front (an ephemeral key, the grower's peer id sealed with ChaCha20-Poly1305 to the next peer) and
/// re-encrypts the previous onion with a ChaCha20 stream keyed from the same ECDH, dropping its last slot; every hop's
/// onion therefore shares no bytes with the one it came from. Peeling opens the first slot (authenticated: a slot
/// tampered with or not sealed to us fails), decrypts the rest and appends a random slot. The sender starts from a
/// terminal slot sealed to itself (an all-zero peer id) followed by random slots, so the first hop cannot tell the
/// sender from a relay. Each slot is authenticated when its own hop opens it; the route may have at most
/// <see cref="MaxMiddlemen"/> middlemen between sender and replier, beyond which the terminal slot is pushed out and
/// the reply cannot reach the sender.
/// </summary>
public static class FixedSizeOnion
{
    public const int Slots = 16;
    public const int SlotLength = PublicKey.Length + PublicKey.Length + TagLength;
    public const int Length = Slots * SlotLength;
    /// <summary>Slots taken by the terminal and the sender's own layer; the rest is one per middleman.</summary>
    public const int MaxMiddlemen = Slots - 2;

    private const int TagLength = 16;
    private static readonly byte[] SlotInfo = Encoding.ASCII.GetBytes("gig-gossip/onion-slot");
    private static readonly byte[] StreamInfo = Encoding.ASCII.GetBytes("gig-gossip/onion-stream");
    private static readonly byte[] Terminal = new byte[PublicKey.Length];

    /// <summary>The onion a sender starts from: its terminal slot, sealed to itself, then random slots.</summary>
    public static byte[] Start(PublicKey sender)
    {
        if (Model is { } model) return model.Start(sender);
        var onion = new byte[Length];
        RandomNumberGenerator.Fill(onion.AsSpan(SlotLength));
        SealSlot(sender, Terminal, onion.AsSpan(0, SlotLength), stream: null);
        return onion;
    }

    /// <summary>Adds my slot, sealed to the next peer, in front of the previous onion (re-encrypted, its last slot dropped).</summary>
    public static byte[] Grow(ReadOnlySpan<byte> previousOnion, PublicKey myPeerId, PublicKey nextPeerPublicKey)
    {
        var onion = new byte[Length];
        Grow(previousOnion, myPeerId, nextPeerPublicKey, onion);
        return onion;
    }

    /// <summary>As <see cref="Grow(ReadOnlySpan{byte}, PublicKey, PublicKey)"/>, written into <paramref name="destination"/> (<see cref="Length"/> bytes).</summary>
    public static void Grow(ReadOnlySpan<byte> previousOnion, PublicKey myPeerId, PublicKey nextPeerPublicKey, Span<byte> destination)
    {
        CheckLength(previousOnion);
        if (destination.Length != Length) throw new ArgumentException($"a grown onion takes exactly {Length} bytes, not {destination.Length}", nameof(destination));
        if (Model is { } model)
        {
            model.Grow(previousOnion, myPeerId, nextPeerPublicKey, destination);
            return;
        }
        previousOnion[..(Length - SlotLength)].CopyTo(destination[SlotLength..]);
        SealSlot(nextPeerPublicKey, myPeerId.Bytes, destination[..SlotLength], destination[SlotLength..]);
    }

    /// <summary>Opens my slot: the peer to pass the reply to with the onion for it, or <see cref="OnionPeel.Sender"/> at the terminal slot.</summary>
    public static OnionPeel Peel(SecretKey mine, ReadOnlySpan<byte> onion)
    {
        CheckLength(onion);
        if (Model is { } model) return model.Peel(mine, onion);
        var ephemeralKey = onion[..PublicKey.Length];
        if (!Secp256k1.Current.IsValidXOnlyPublicKey(ephemeralKey)) throw new OnionException("onion slot did not open: tampered with or not sealed to this peer");
        var shared = mine.SharedSecret(ephemeralKey);
        var peerId = new byte[PublicKey.Length];
        try
        {
            using var aead = new ChaCha20Poly1305(Derive(shared, ephemeralKey, mine.PublicKey.Bytes, SlotInfo));
            aead.Decrypt(stackalloc byte[12], onion.Slice(PublicKey.Length, PublicKey.Length), onion.Slice(2 * PublicKey.Length, TagLength), peerId);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new OnionException("onion slot did not open: tampered with or not sealed to this peer", new DecryptionFailedException("onion slot did not open", e));
        }
        if (peerId.AsSpan().SequenceEqual(Terminal)) return OnionPeel.Sender.Instance;
        PublicKey previousPeer;
        try
        {
            previousPeer = PublicKey.FromBytes(peerId);
        }
        catch (CryptoException e)
        {
            throw new OnionException("onion slot names a previous peer that is not a public key", e);
        }
        var inner = new byte[Length];
        onion[SlotLength..].CopyTo(inner);
        Stream(Derive(shared, ephemeralKey, mine.PublicKey.Bytes, StreamInfo), inner.AsSpan(0, Length - SlotLength));
        RandomNumberGenerator.Fill(inner.AsSpan(Length - SlotLength));
        return new OnionPeel.Forward(previousPeer, inner);
    }

    /// <summary>The simulator's model when one is in place on this thread (<see cref="IFixedSizeOnionModel"/>), else null.</summary>
    private static IFixedSizeOnionModel? Model => OnionLayerSealing.Current as IFixedSizeOnionModel;

    private static void SealSlot(PublicKey recipient, ReadOnlySpan<byte> peerId, Span<byte> slot, Span<byte> stream)
    {
        var ephemeral = SecretKey.Generate();
        var shared = ephemeral.SharedSecret(recipient.Bytes);
        ephemeral.PublicKey.Bytes.CopyTo(slot);
        using (var aead = new ChaCha20Poly1305(Derive(shared, ephemeral.PublicKey.Bytes, recipient.Bytes, SlotInfo)))
            aead.Encrypt(stackalloc byte[12], peerId, slot.Slice(PublicKey.Length, PublicKey.Length), slot.Slice(2 * PublicKey.Length, TagLength));
        if (stream.Length > 0) Stream(Derive(shared, ephemeral.PublicKey.Bytes, recipient.Bytes, StreamInfo), stream);
        CryptographicOperations.ZeroMemory(shared);
    }

    /// <summary>XORs <paramref name="data"/> with the ChaCha20 key stream (zero nonce: each key is used for one onion).</summary>
    private static void Stream(byte[] key, Span<byte> data)
    {
        var chacha = new ChaCha7539Engine();
        chacha.Init(true, new ParametersWithIV(new KeyParameter(key), new byte[12]));
        var copy = data.ToArray();
        chacha.ProcessBytes(copy, 0, copy.Length, copy, 0);
        copy.CopyTo(data);
        CryptographicOperations.ZeroMemory(key);
    }

    private static byte[] Derive(byte[] shared, ReadOnlySpan<byte> ephemeralKey, ReadOnlySpan<byte> recipientKey, byte[] info)
    {
        var key = new byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, shared, key, [.. ephemeralKey, .. recipientKey], info);
        return key;
    }

    private static void CheckLength(ReadOnlySpan<byte> onion)
    {
        if (onion.Length != Length) throw new OnionException($"onion is {onion.Length} bytes; a fixed-size onion is exactly {Length}");
    }
}
