using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Onion;

/// <summary>
/// How an onion layer is sealed to the next peer and opened by it. The real one is <see cref="SealedBox"/>; the simulator's
/// largest runs model it (same lengths, same refusals) through <see cref="OnionLayerSealing.Use"/>.
/// </summary>
public interface IOnionLayerSealer
{
    /// <summary>A box of exactly <see cref="SealedBox.Overhead"/> + plaintext bytes that only <paramref name="recipient"/> opens.</summary>
    byte[] Seal(PublicKey recipient, ReadOnlySpan<byte> plaintext);

    /// <summary>The plaintext; throws <see cref="DecryptionFailedException"/> when the box was not sealed to this key or was changed.</summary>
    byte[] Open(SecretKey recipient, ReadOnlySpan<byte> box);
}
