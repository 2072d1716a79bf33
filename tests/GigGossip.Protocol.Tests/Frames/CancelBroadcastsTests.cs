using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Tests.Frames;

public class CancelBroadcastsTests
{
    [Fact]
    public void Sender_can_cancel_its_broadcast()
    {
        var payloadId = FrameIds.New();
        var frame = FrameCodec.Decode(FrameCodec.Encode(new Frame { CancelBroadcast = CancelBroadcasts.Create(payloadId, Samples.Sender) }));
        Assert.Equal(payloadId, frame.CancelBroadcast.PayloadId);
        Assert.True(CancelBroadcasts.Verify(frame.CancelBroadcast, Samples.Sender.PublicKey));
    }

    [Fact]
    public void Cancel_signed_by_anyone_but_the_sender_is_refused()
    {
        var cancel = CancelBroadcasts.Create(FrameIds.New(), Samples.Replier);
        Assert.False(CancelBroadcasts.Verify(cancel, Samples.Sender.PublicKey));
    }

    [Fact]
    public void Cancel_signature_does_not_carry_over_to_another_payload()
    {
        var cancel = CancelBroadcasts.Create(FrameIds.New(), Samples.Sender);
        cancel.PayloadId = FrameIds.New();
        Assert.False(CancelBroadcasts.Verify(cancel, Samples.Sender.PublicKey));
    }

    [Fact]
    public void Cancel_needs_a_16_byte_payload_id()
    {
        Assert.Throws<ArgumentException>(() => CancelBroadcasts.Create(Samples.Bytes(15), Samples.Sender));
    }
}
