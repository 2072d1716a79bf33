using GigGossip.Network.Noise;
using static GigGossip.Network.Tests.Noise.Bolt8Vectors;

namespace GigGossip.Network.Tests.Noise;

/// <summary>BOLT 8 Appendix A, "Responder Tests".</summary>
public sealed class ResponderVectorTests
{
    private static NoiseHandshake NewResponder() =>
        NoiseHandshake.Responder(Bytes(ResponderStaticSecret), Bytes(ResponderEphemeralSecret));

    [Fact]
    public void Responder_successful_handshake_produces_the_spec_act_two_and_keys()
    {
        var handshake = NewResponder();
        Assert.Equal(ResponderStaticPublic, Hex(handshake.LocalStaticKey));

        handshake.ReadActOne(Bytes(ActOne));
        Assert.Equal(ActTwo, Hex(handshake.WriteActTwo()));
        Assert.Throws<InvalidOperationException>(() => handshake.RemoteStaticKey);
        handshake.ReadActThree(Bytes(ActThree));

        Assert.True(handshake.IsComplete);
        Assert.Equal(InitiatorStaticPublic, Hex(handshake.RemoteStaticKey));
        // The responder's rk is the initiator's sk and vice versa.
        Assert.Equal(InitiatorSendingKey, Hex(handshake.Transport.Receiving.Key));
        Assert.Equal(InitiatorReceivingKey, Hex(handshake.Transport.Sending.Key));
        Assert.Equal(FinalChainingKey, Hex(handshake.Transport.Receiving.ChainingKey));
    }

    [Theory]
    [InlineData(ActOneShortRead, HandshakeFailure.ShortRead)]              // ACT1_READ_FAILED
    [InlineData(ActOneBadVersion, HandshakeFailure.BadVersion)]            // ACT1_BAD_VERSION
    [InlineData(ActOneBadKeySerialization, HandshakeFailure.BadPublicKey)] // ACT1_BAD_PUBKEY
    [InlineData(ActOneBadMac, HandshakeFailure.BadTag)]                    // ACT1_BAD_TAG
    public void Responder_rejects_bad_act_one(string actOne, HandshakeFailure expected)
    {
        var handshake = NewResponder();

        var error = Assert.Throws<HandshakeException>(() => handshake.ReadActOne(Bytes(actOne)));

        Assert.Equal(1, error.Act);
        Assert.Equal(expected, error.Failure);
        Assert.Throws<InvalidOperationException>(() => handshake.WriteActTwo());
    }

    [Theory]
    [InlineData(ActThreeBadVersion, HandshakeFailure.BadVersion)]          // ACT3_BAD_VERSION 1
    [InlineData(ActThreeShortRead, HandshakeFailure.ShortRead)]            // ACT3_READ_FAILED
    [InlineData(ActThreeBadCiphertextMac, HandshakeFailure.BadCiphertext)] // ACT3_BAD_CIPHERTEXT
    [InlineData(ActThreeBadRemoteStatic, HandshakeFailure.BadPublicKey)]   // ACT3_BAD_PUBKEY
    [InlineData(ActThreeBadMac, HandshakeFailure.BadTag)]                  // ACT3_BAD_TAG
    public void Responder_rejects_bad_act_three(string actThree, HandshakeFailure expected)
    {
        var handshake = NewResponder();
        handshake.ReadActOne(Bytes(ActOne));
        Assert.Equal(ActTwo, Hex(handshake.WriteActTwo()));

        var error = Assert.Throws<HandshakeException>(() => handshake.ReadActThree(Bytes(actThree)));

        Assert.Equal(3, error.Act);
        Assert.Equal(expected, error.Failure);
        Assert.False(handshake.IsComplete);
        Assert.Throws<InvalidOperationException>(() => handshake.Transport);
    }
}
