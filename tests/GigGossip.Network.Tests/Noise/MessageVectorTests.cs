using System.Text;
using GigGossip.Network.Noise;
using static GigGossip.Network.Tests.Noise.Bolt8Vectors;

namespace GigGossip.Network.Tests.Noise;

/// <summary>BOLT 8 Appendix A, "Message Encryption Tests": "hello" with two key rotations.</summary>
public sealed class MessageVectorTests
{
    private static readonly byte[] Hello = Encoding.ASCII.GetBytes("hello");

    private static NoiseTransport InitiatorTransport() =>
        new(Bytes(FinalChainingKey), Bytes(InitiatorSendingKey), Bytes(InitiatorReceivingKey));

    private static NoiseTransport ResponderTransport() =>
        new(Bytes(FinalChainingKey), Bytes(InitiatorReceivingKey), Bytes(InitiatorSendingKey));

    [Fact]
    public void Initiator_encrypts_hello_as_the_spec_at_messages_0_1_500_501_1000_1001()
    {
        using var transport = InitiatorTransport();
        var expected = HelloMessages.ToDictionary(v => v.Index, v => v.Output);
        var seen = 0;
        for (var i = 0; i <= 1001; i++)
        {
            var output = Hex(transport.Encrypt(Hello));
            if (expected.TryGetValue(i, out var want))
            {
                Assert.Equal(want, output);
                seen++;
            }
        }
        Assert.Equal(HelloMessages.Length, seen);
    }

    [Fact]
    public void Sending_key_rotates_with_hkdf_of_chaining_key_after_500_messages()
    {
        using var transport = InitiatorTransport();
        for (var i = 0; i < 499; i++) transport.Encrypt(Hello);
        Assert.Equal(InitiatorSendingKey, Hex(transport.Sending.Key));
        Assert.Equal(998ul, transport.Sending.Nonce);

        transport.Encrypt(Hello);
        Assert.Equal(FirstRotationKey, Hex(transport.Sending.Key));
        Assert.Equal(FirstRotationChainingKey, Hex(transport.Sending.ChainingKey));
        Assert.Equal(0ul, transport.Sending.Nonce);

        for (var i = 0; i < 500; i++) transport.Encrypt(Hello);
        Assert.Equal(SecondRotationKey, Hex(transport.Sending.Key));
        Assert.Equal(SecondRotationChainingKey, Hex(transport.Sending.ChainingKey));
        // The receiving direction is untouched by sending.
        Assert.Equal(InitiatorReceivingKey, Hex(transport.Receiving.Key));
    }

    [Fact]
    public void Responder_decrypts_every_spec_message_across_both_rotations()
    {
        using var initiator = InitiatorTransport();
        using var responder = ResponderTransport();
        var expected = HelloMessages.ToDictionary(v => v.Index, v => v.Output);
        for (var i = 0; i <= 1001; i++)
        {
            var wire = initiator.Encrypt(Hello);
            if (expected.TryGetValue(i, out var want)) Assert.Equal(want, Hex(wire));
            var length = responder.DecryptHeader(wire.AsSpan(0, NoiseProtocol.EncryptedHeaderLength));
            Assert.Equal(Hello.Length, length);
            Assert.Equal(Hello, responder.DecryptBody(wire.AsSpan(NoiseProtocol.EncryptedHeaderLength)));
        }
    }

    [Fact]
    public void Tampered_length_prefix_is_refused()
    {
        using var responder = ResponderTransport();
        var wire = Bytes(HelloMessages[0].Output);
        wire[0] ^= 0x01;

        var error = Assert.Throws<TransportException>(() => responder.DecryptHeader(wire.AsSpan(0, NoiseProtocol.EncryptedHeaderLength)));
        Assert.Equal(TransportFailure.BadTag, error.Failure);
    }

    [Fact]
    public void Tampered_body_is_refused()
    {
        using var responder = ResponderTransport();
        var wire = Bytes(HelloMessages[0].Output);
        wire[^1] ^= 0x01;

        Assert.Equal(5, responder.DecryptHeader(wire.AsSpan(0, NoiseProtocol.EncryptedHeaderLength)));
        var error = Assert.Throws<TransportException>(() => responder.DecryptBody(wire.AsSpan(NoiseProtocol.EncryptedHeaderLength)));
        Assert.Equal(TransportFailure.BadTag, error.Failure);
    }

    [Fact]
    public void Replayed_message_is_refused_because_the_nonce_moved_on()
    {
        using var responder = ResponderTransport();
        var wire = Bytes(HelloMessages[0].Output);
        responder.DecryptHeader(wire.AsSpan(0, NoiseProtocol.EncryptedHeaderLength));
        responder.DecryptBody(wire.AsSpan(NoiseProtocol.EncryptedHeaderLength));

        var error = Assert.Throws<TransportException>(() => responder.DecryptHeader(wire.AsSpan(0, NoiseProtocol.EncryptedHeaderLength)));
        Assert.Equal(TransportFailure.BadTag, error.Failure);
    }

    [Fact]
    public void Message_over_65535_bytes_cannot_be_encrypted()
    {
        using var transport = InitiatorTransport();
        Assert.Throws<ArgumentException>(() => transport.Encrypt(new byte[NoiseProtocol.MaxMessageLength + 1]));
        Assert.Equal(NoiseProtocol.EncryptedMessageLength(NoiseProtocol.MaxMessageLength), transport.Encrypt(new byte[NoiseProtocol.MaxMessageLength]).Length);
    }
}
