using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Onion;

/// <summary>
/// A model of <see cref="FixedSizeOnion"/> for the simulator's largest runs: the same <see cref="FixedSizeOnion.Length"/>
/// bytes, the same refusals (a slot opens only for its peer, a changed byte does not open, a route of more than
/// <see cref="FixedSizeOnion.MaxMiddlemen"/> middlemen loses its far end), no cryptography. <see cref="FixedSizeOnion"/>
/// uses it when the layer sealer put in place with <see cref="OnionLayerSealing.Use"/> also implements this.
/// </summary>
public interface IFixedSizeOnionModel
{
    byte[] Start(PublicKey sender);

    /// <summary>As <see cref="FixedSizeOnion.Grow(ReadOnlySpan{byte}, PublicKey, PublicKey, Span{byte})"/>: the grown onion written into <paramref name="destination"/>.</summary>
    void Grow(ReadOnlySpan<byte> previousOnion, PublicKey myPeerId, PublicKey nextPeerPublicKey, Span<byte> destination);

    /// <summary>As <see cref="FixedSizeOnion.Peel"/>; throws <see cref="OnionException"/> for a slot that does not open.</summary>
    OnionPeel Peel(SecretKey mine, ReadOnlySpan<byte> onion);
}
