using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Onion;

namespace GigGossip.Protocol.Tests.Onion;

public class BackwardOnionTests
{
    private static readonly SecretKey[] Peers = Enumerable.Range(0, 10).Select(_ => SecretKey.Generate()).ToArray();

    /// <summary>Peer 0 is the sender; each peer i grows the onion to peer i + 1. Returns the onion each peer received.</summary>
    private static byte[][] Broadcast()
    {
        var received = new byte[Peers.Length][];
        received[0] = BackwardOnion.Empty;
        for (var i = 1; i < Peers.Length; i++)
            received[i] = BackwardOnion.Grow(received[i - 1], Peers[i - 1].PublicKey, Peers[i].PublicKey);
        return received;
    }

    [Fact]
    public void Reply_peels_back_through_every_peer_to_the_sender_in_order()
    {
        var received = Broadcast();
        var onion = received[^1];
        for (var i = Peers.Length - 1; i > 0; i--)
        {
            var peel = Assert.IsType<OnionPeel.Forward>(BackwardOnion.Peel(Peers[i], onion));
            Assert.Equal(Peers[i - 1].PublicKey, peel.PreviousPeer);
            Assert.Equal(received[i - 1], peel.Inner);
            onion = peel.Inner;
        }
        Assert.IsType<OnionPeel.Sender>(BackwardOnion.Peel(Peers[0], onion));
    }

    [Fact]
    public void Each_layer_adds_a_fixed_overhead()
    {
        var received = Broadcast();
        for (var i = 0; i < Peers.Length; i++)
        {
            Assert.Equal(i * BackwardOnion.LayerOverhead, received[i].Length);
            Assert.Equal(i, BackwardOnion.Depth(received[i]));
        }
    }

    [Fact]
    public void Tampered_onion_fails_at_the_first_peel_whatever_byte_is_changed()
    {
        var onion = Broadcast()[^1];
        for (var position = 0; position < onion.Length; position++)
        {
            var tampered = (byte[])onion.Clone();
            tampered[position] ^= 0x01;
            var e = Assert.Throws<OnionException>(() => BackwardOnion.Peel(Peers[^1], tampered));
            Assert.IsType<DecryptionFailedException>(e.InnerException);
        }
    }

    [Fact]
    public void Tampering_at_any_hop_fails_at_that_hop()
    {
        var received = Broadcast();
        for (var i = 1; i < Peers.Length; i++)
        {
            var tampered = (byte[])received[i].Clone();
            tampered[^1] ^= 0x80;
            Assert.Throws<OnionException>(() => BackwardOnion.Peel(Peers[i], tampered));
        }
    }

    [Fact]
    public void Truncated_or_extended_onion_fails_at_the_first_peel()
    {
        var onion = Broadcast()[^1];
        Assert.Null(Assert.Throws<OnionException>(() => BackwardOnion.Peel(Peers[^1], onion[..^1])).InnerException);
        Assert.Throws<OnionException>(() => BackwardOnion.Peel(Peers[^1], onion[..^BackwardOnion.LayerOverhead]));
        Assert.Throws<OnionException>(() => BackwardOnion.Peel(Peers[^1], onion[BackwardOnion.LayerOverhead..]));
        Assert.Throws<OnionException>(() => BackwardOnion.Peel(Peers[^1], [.. onion, .. new byte[BackwardOnion.LayerOverhead]]));
    }

    [Fact]
    public void Peer_who_is_not_the_layers_recipient_cannot_peel_it()
    {
        var received = Broadcast();
        var e = Assert.Throws<OnionException>(() => BackwardOnion.Peel(Peers[3], received[^1]));
        Assert.IsType<DecryptionFailedException>(e.InnerException);
        Assert.Throws<OnionException>(() => BackwardOnion.Peel(SecretKey.Generate(), received[^1]));
    }

    [Fact]
    public void Onion_grows_to_the_maximum_depth_and_no_further()
    {
        var me = SecretKey.Generate();
        var onion = BackwardOnion.Empty;
        for (var depth = 0; depth < BackwardOnion.MaxDepth; depth++) onion = BackwardOnion.Grow(onion, me.PublicKey, me.PublicKey);
        Assert.Equal(BackwardOnion.MaxLength, onion.Length);
        Assert.IsType<OnionPeel.Forward>(BackwardOnion.Peel(me, onion));
        Assert.Throws<OnionException>(() => BackwardOnion.Grow(onion, me.PublicKey, me.PublicKey));
    }

    [Fact]
    public void Onion_longer_than_the_maximum_is_refused_before_decrypting()
    {
        var me = SecretKey.Generate();
        var tooLong = SealedBox.Seal(me.PublicKey, [.. me.PublicKey.Bytes, .. new byte[BackwardOnion.MaxLength]]);
        Assert.Equal(BackwardOnion.MaxLength + BackwardOnion.LayerOverhead, tooLong.Length);
        var e = Assert.Throws<OnionException>(() => BackwardOnion.Peel(me, tooLong));
        Assert.Null(e.InnerException);
    }

    [Fact]
    public void Malformed_onion_is_not_grown()
    {
        var me = SecretKey.Generate();
        Assert.Throws<OnionException>(() => BackwardOnion.Grow(new byte[BackwardOnion.LayerOverhead - 1], me.PublicKey, me.PublicKey));
    }

    [Fact]
    public void Layer_naming_a_previous_peer_off_the_curve_is_refused()
    {
        var me = SecretKey.Generate();
        var layer = SealedBox.Seal(me.PublicKey, Enumerable.Repeat((byte)0xff, PublicKey.Length).ToArray());
        var e = Assert.Throws<OnionException>(() => BackwardOnion.Peel(me, layer));
        Assert.IsType<CryptoException>(e.InnerException);
    }
}
