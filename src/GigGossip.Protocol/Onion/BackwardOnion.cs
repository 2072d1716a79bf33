using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Onion;

/// <summary>
/// The backward onion of the whitepaper's "Onion-routing": on the way out each peer wraps
/// (its own peer id || the previous onion) in a <see cref="SealedBox"/> to the next peer; on the way back
/// each peer peels its layer and learns only the peer to hand the reply to. Peer ids are x-only public keys.
/// Every layer adds exactly <see cref="LayerOverhead"/> bytes, so depth and size limits are checked on the
/// length alone, before any decryption. Failures throw <see cref="OnionException"/>.
/// </summary>
public static class BackwardOnion
{
    public const int MaxDepth = 64;
    public const int LayerOverhead = PublicKey.Length + SealedBox.Overhead;
    public const int MaxLength = MaxDepth * LayerOverhead;

    /// <summary>The onion the sender starts from.</summary>
    public static byte[] Empty => [];

    /// <summary>The number of layers of an onion, from its length; throws when the length is not a whole number of layers or too deep.</summary>
    public static int Depth(ReadOnlySpan<byte> onion)
    {
        if (onion.Length > MaxLength) throw new OnionException($"onion is {onion.Length} bytes, over the {MaxLength}-byte limit of {MaxDepth} layers");
        if (onion.Length % LayerOverhead != 0) throw new OnionException($"onion is {onion.Length} bytes, not a whole number of {LayerOverhead}-byte layers");
        return onion.Length / LayerOverhead;
    }

    /// <summary>Adds my layer, sealed to the next peer: it holds my peer id and the previous onion.</summary>
    public static byte[] Grow(ReadOnlySpan<byte> previousOnion, PublicKey myPeerId, PublicKey nextPeerPublicKey)
    {
        if (Depth(previousOnion) == MaxDepth) throw new OnionException($"onion already has the maximum of {MaxDepth} layers");
        return OnionLayerSealing.Current.Seal(nextPeerPublicKey, [.. myPeerId.Bytes, .. previousOnion]);
    }

    /// <summary>Peels my layer: the peer to pass the reply to and the inner onion, or <see cref="OnionPeel.Sender"/> when the onion is empty.</summary>
    public static OnionPeel Peel(SecretKey mine, ReadOnlySpan<byte> onion)
    {
        if (Depth(onion) == 0) return OnionPeel.Sender.Instance;
        byte[] layer;
        try
        {
            layer = OnionLayerSealing.Current.Open(mine, onion);
        }
        catch (DecryptionFailedException e)
        {
            throw new OnionException("onion layer did not open: tampered with or not sealed to this peer", e);
        }
        PublicKey previousPeer;
        try
        {
            previousPeer = PublicKey.FromBytes(layer.AsSpan(0, PublicKey.Length));
        }
        catch (CryptoException e)
        {
            throw new OnionException("onion layer names a previous peer that is not a public key", e);
        }
        return new OnionPeel.Forward(previousPeer, layer[PublicKey.Length..]);
    }
}
