using System.Security.Cryptography;
using System.Text;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Onion;

namespace GigGossip.Protocol.Tests.Onion;

public class FixedSizeOnionTests
{
    private static SecretKey Key(string name) => SecretKey.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes("onion-test/" + name)));

    /// <summary>Sender, <paramref name="middlemen"/> relays and a replier; the onion each of them received on the way out.</summary>
    private static (List<SecretKey> Path, List<byte[]> Received) Route(int middlemen)
    {
        var path = Enumerable.Range(0, middlemen + 2).Select(i => Key($"hop{i}")).ToList();
        var received = new List<byte[]>();
        var onion = FixedSizeOnion.Start(path[0].PublicKey);
        for (var i = 0; i + 1 < path.Count; i++)
        {
            onion = FixedSizeOnion.Grow(onion, path[i].PublicKey, path[i + 1].PublicKey);
            received.Add(onion);
        }
        return (path, received);
    }

    /// <summary>Walks a reply back from the replier; returns the peers it was passed to, in order, and whether it reached the sender.</summary>
    private static (List<PublicKey> Visited, bool ReachedSender, List<int> Sizes) Return(List<SecretKey> path, byte[] onion)
    {
        var visited = new List<PublicKey>();
        var sizes = new List<int>();
        var holder = path[^1];
        while (true)
        {
            sizes.Add(onion.Length);
            switch (FixedSizeOnion.Peel(holder, onion))
            {
                case OnionPeel.Sender:
                    return (visited, holder == path[0], sizes);
                case OnionPeel.Forward forward:
                    visited.Add(forward.PreviousPeer);
                    holder = path.Single(k => k.PublicKey.Equals(forward.PreviousPeer));
                    onion = forward.Inner;
                    break;
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(FixedSizeOnion.MaxMiddlemen)]
    public void A_reply_walks_back_hop_by_hop_to_the_sender(int middlemen)
    {
        var (path, received) = Route(middlemen);
        var (visited, reachedSender, sizes) = Return(path, received[^1]);
        Assert.True(reachedSender);
        Assert.Equal(path.Take(path.Count - 1).Reverse().Select(k => k.PublicKey), visited);
        Assert.All(received.Select(o => o.Length).Concat(sizes), size => Assert.Equal(FixedSizeOnion.Length, size));
    }

    [Fact]
    public void Every_hop_sees_the_same_size_whatever_its_position()
    {
        var (_, received) = Route(FixedSizeOnion.MaxMiddlemen);
        Assert.Single(received.Select(o => o.Length).Distinct());
        Assert.Equal(16 * 80, FixedSizeOnion.Length);
    }

    [Fact]
    public void A_route_longer_than_the_maximum_cannot_return_to_the_sender()
    {
        var (path, received) = Route(FixedSizeOnion.MaxMiddlemen + 1);
        Assert.Throws<OnionException>(() => Return(path, received[^1]));
    }

    [Fact]
    public void Consecutive_onions_share_no_bytes_an_observer_could_link()
    {
        var (_, received) = Route(5);
        for (var i = 0; i + 1 < received.Count; i++)
        {
            var windows = Enumerable.Range(0, FixedSizeOnion.Length / 16).Select(w => Convert.ToHexString(received[i], w * 16, 16)).ToHashSet();
            var shared = Enumerable.Range(0, FixedSizeOnion.Length / 16).Count(w => windows.Contains(Convert.ToHexString(received[i + 1], w * 16, 16)));
            Assert.Equal(0, shared);
        }
    }

    [Fact]
    public void A_slot_tampered_with_is_caught_by_the_hop_that_opens_it()
    {
        var (path, received) = Route(3);
        var first = (byte[])received[^1].Clone();
        first[40] ^= 1;
        Assert.Throws<OnionException>(() => FixedSizeOnion.Peel(path[^1], first));

        var deeper = (byte[])received[^1].Clone();
        deeper[FixedSizeOnion.SlotLength + 40] ^= 1;
        var peel = Assert.IsType<OnionPeel.Forward>(FixedSizeOnion.Peel(path[^1], deeper));
        Assert.Equal(path[^2].PublicKey, peel.PreviousPeer);
        Assert.Throws<OnionException>(() => FixedSizeOnion.Peel(path[^2], peel.Inner));
    }

    [Fact]
    public void Only_the_peer_a_slot_is_sealed_to_can_open_it()
    {
        var (path, received) = Route(2);
        Assert.Throws<OnionException>(() => FixedSizeOnion.Peel(path[1], received[^1]));
        Assert.Throws<OnionException>(() => FixedSizeOnion.Peel(Key("stranger"), received[^1]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(80)]
    [InlineData(FixedSizeOnion.Length - 1)]
    [InlineData(FixedSizeOnion.Length + 80)]
    public void Onions_of_any_other_size_are_refused(int length)
    {
        Assert.Throws<OnionException>(() => FixedSizeOnion.Peel(Key("a"), new byte[length]));
        Assert.Throws<OnionException>(() => FixedSizeOnion.Grow(new byte[length], Key("a").PublicKey, Key("b").PublicKey));
    }

    [Fact]
    public void An_onion_grown_into_a_buffer_walks_back_like_one_grown_into_a_new_array()
    {
        var path = Enumerable.Range(0, 5).Select(i => Key($"buffer{i}")).ToList();
        var onion = FixedSizeOnion.Start(path[0].PublicKey);
        var buffer = new byte[FixedSizeOnion.Length];
        for (var i = 0; i + 1 < path.Count; i++)
        {
            buffer.AsSpan().Fill(0xa5);
            FixedSizeOnion.Grow(onion, path[i].PublicKey, path[i + 1].PublicKey, buffer);
            onion = (byte[])buffer.Clone();
        }
        var (visited, reachedSender, _) = Return(path, onion);
        Assert.True(reachedSender);
        Assert.Equal(path.Take(path.Count - 1).Reverse().Select(k => k.PublicKey), visited);
        Assert.Throws<ArgumentException>(() => FixedSizeOnion.Grow(onion, path[0].PublicKey, path[1].PublicKey, new byte[FixedSizeOnion.Length - 1]));
    }

    [Fact]
    public void Random_bytes_of_the_right_size_do_not_open()
    {
        var noise = new byte[FixedSizeOnion.Length];
        new Random(5).NextBytes(noise);
        Assert.Throws<OnionException>(() => FixedSizeOnion.Peel(Key("a"), noise));
    }
}
