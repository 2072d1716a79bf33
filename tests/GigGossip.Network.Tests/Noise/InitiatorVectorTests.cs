using GigGossip.Network.Noise;
using static GigGossip.Network.Tests.Noise.Bolt8Vectors;

namespace GigGossip.Network.Tests.Noise;

/// <summary>BOLT 8 Appendix A, "Initiator Tests".</summary>
public sealed class InitiatorVectorTests
{
    private static NoiseHandshake NewInitiator() =>
        NoiseHandshake.Initiator(Bytes(InitiatorStaticSecret), Bytes(ResponderStaticPublic), Bytes(InitiatorEphemeralSecret));

    [Fact]
    public void Initiator_successful_handshake_produces_the_spec_acts_and_keys()
    {
        var handshake = NewInitiator();
        Assert.Equal(InitiatorStaticPublic, Hex(handshake.LocalStaticKey));

        Assert.Equal(ActOne, Hex(handshake.WriteActOne()));
        handshake.ReadActTwo(Bytes(ActTwo));
        Assert.Equal(ActThree, Hex(handshake.WriteActThree()));

        Assert.True(handshake.IsComplete);
        Assert.Equal(ResponderStaticPublic, Hex(handshake.RemoteStaticKey));
        Assert.Equal(InitiatorSendingKey, Hex(handshake.Transport.Sending.Key));
        Assert.Equal(InitiatorReceivingKey, Hex(handshake.Transport.Receiving.Key));
        Assert.Equal(FinalChainingKey, Hex(handshake.Transport.Sending.ChainingKey));
        Assert.Equal(FinalChainingKey, Hex(handshake.Transport.Receiving.ChainingKey));
    }

    [Theory]
    [InlineData(ActTwoShortRead, HandshakeFailure.ShortRead)]        // ACT2_READ_FAILED
    [InlineData(ActTwoBadVersion, HandshakeFailure.BadVersion)]      // ACT2_BAD_VERSION 1
    [InlineData(ActTwoBadKeySerialization, HandshakeFailure.BadPublicKey)] // ACT2_BAD_PUBKEY
    [InlineData(ActTwoBadMac, HandshakeFailure.BadTag)]              // ACT2_BAD_TAG
    public void Initiator_rejects_bad_act_two(string actTwo, HandshakeFailure expected)
    {
        var handshake = NewInitiator();
        Assert.Equal(ActOne, Hex(handshake.WriteActOne()));

        var error = Assert.Throws<HandshakeException>(() => handshake.ReadActTwo(Bytes(actTwo)));

        Assert.Equal(2, error.Act);
        Assert.Equal(expected, error.Failure);
        Assert.False(handshake.IsComplete);
        Assert.Throws<InvalidOperationException>(() => handshake.WriteActThree());
    }

    [Fact]
    public void Initiator_refuses_to_start_towards_a_key_that_is_not_a_compressed_point()
    {
        var uncompressedPrefix = Bytes(ResponderStaticPublic);
        uncompressedPrefix[0] = 0x04;
        Assert.Throws<ArgumentException>(() =>
            NoiseHandshake.Initiator(Bytes(InitiatorStaticSecret), uncompressedPrefix, Bytes(InitiatorEphemeralSecret)));
    }
}
