using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Onion;

namespace GigGossip.Simulation.Tests.Simulator;

/// <summary>The simulator's model of the fixed-size onion behaves as the real one: same size, same route back, same refusals.</summary>
public class FixedOnionModelTests
{
    /// <summary>Grows a route of <paramref name="grows"/> hops from <c>keys[0]</c> and peels it back; the peers named, or null where a peel failed.</summary>
    private static List<PublicKey?> RoundTrip(SecretKey[] keys, int grows, IOnionLayerSealer? model)
    {
        using var scope = OnionLayerSealing.Use(model);
        var onion = FixedSizeOnion.Start(keys[0].PublicKey);
        for (var hop = 0; hop < grows; hop++)
        {
            onion = FixedSizeOnion.Grow(onion, keys[hop].PublicKey, keys[hop + 1].PublicKey);
            Assert.Equal(FixedSizeOnion.Length, onion.Length);
        }
        var named = new List<PublicKey?>();
        for (var hop = grows; hop >= 0; hop--)
        {
            try
            {
                switch (FixedSizeOnion.Peel(keys[hop], onion))
                {
                    case OnionPeel.Forward forward:
                        named.Add(forward.PreviousPeer);
                        onion = forward.Inner;
                        Assert.Equal(FixedSizeOnion.Length, onion.Length);
                        break;
                    case OnionPeel.Sender:
                        named.Add(keys[0].PublicKey);
                        return named;
                }
            }
            catch (OnionException)
            {
                named.Add(null);
                return named;
            }
        }
        return named;
    }

    [Theory]
    [InlineData(3)]
    [InlineData(FixedSizeOnion.Slots - 1)]
    [InlineData(FixedSizeOnion.Slots)]
    [InlineData(FixedSizeOnion.Slots + 2)]
    public void Modelled_onion_routes_back_and_fails_where_the_real_one_does(int grows)
    {
        var keys = Enumerable.Range(0, grows + 1).Select(_ => SecretKey.Generate()).ToArray();
        Assert.Equal(RoundTrip(keys, grows, model: null), RoundTrip(keys, grows, new ModelledOnionLayers()));
    }

    [Fact]
    public void Modelled_slot_opens_only_for_its_peer_and_not_once_changed()
    {
        var (me, next, stranger) = (SecretKey.Generate(), SecretKey.Generate(), SecretKey.Generate());
        using var scope = OnionLayerSealing.Use(new ModelledOnionLayers());
        var onion = FixedSizeOnion.Grow(FixedSizeOnion.Start(me.PublicKey), me.PublicKey, next.PublicKey);

        Assert.Throws<OnionException>(() => FixedSizeOnion.Peel(stranger, onion));
        var tampered = (byte[])onion.Clone();
        tampered[100] ^= 1;
        Assert.Throws<OnionException>(() => FixedSizeOnion.Peel(next, tampered));
        Assert.Equal(me.PublicKey, Assert.IsType<OnionPeel.Forward>(FixedSizeOnion.Peel(next, onion)).PreviousPeer);
    }
}
