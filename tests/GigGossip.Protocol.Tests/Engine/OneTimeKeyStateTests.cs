using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;

namespace GigGossip.Protocol.Tests.Engine;

/// <summary>
/// A request signed with a one-time key (docs/protocol/privacy.md, "Unlinkable senders") has its replies sealed to that
/// key, so the sender's money state keeps the key: a restarted node still opens the reply and gets its key revealed.
/// </summary>
public class OneTimeKeyStateTests
{
    private readonly StateFixture _f = new();

    [Fact]
    public void Restored_sender_signs_and_opens_with_the_requests_one_time_key_not_its_network_key()
    {
        // The fixture's request is signed by SenderKey; this node's network key is another one.
        var engine = _f.Engine(SecretKey.Generate());
        var resume = engine.ImportMoneyState(new NodeMoneyState([], [_f.SenderJob() with { RequestKey = _f.SenderKey.Bytes.ToArray() }], []), StateFixture.Now);

        var timer = Assert.Single(resume.OfType<SetNodeTimer>());
        var call = Assert.Single(engine.Handle(new NodeTimerFired(timer.Timer), StateFixture.Now).OfType<CallSettler>());
        var reveal = Assert.IsType<KeyRevealRequest>(call.Request);
        var signed = KeyRevealRequest.SignedBytes(_f.Settler.PublicKey, _f.NetworkHash, _f.ReplyHash, Convert.FromHexString(_f.PayloadId), StateFixture.Now, reveal.Nonce);
        Assert.True(_f.SenderKey.PublicKey.Verify(SignatureTags.KeyRevealRequest, signed, reveal.Signature));

        var opened = engine.Handle(new SettlerReplied(call.CorrelationId, new KeyRevealed(_f.NetworkPreimage)), StateFixture.Now);
        Assert.Equal("call 555-0100", Assert.Single(opened.OfType<EmitEvent>().Select(e => e.Event).OfType<ContactRevealed>()).Contact);
        Assert.Equal(_f.SenderKey.Bytes.ToArray(), Assert.Single(engine.ExportMoneyState().SenderJobs).RequestKey);
    }

    [Fact]
    public void Without_the_saved_one_time_key_the_reply_does_not_open()
    {
        var engine = _f.Engine(SecretKey.Generate());
        var resume = engine.ImportMoneyState(new NodeMoneyState([], [_f.SenderJob()], []), StateFixture.Now);
        var call = Assert.Single(engine.Handle(new NodeTimerFired(Assert.Single(resume.OfType<SetNodeTimer>()).Timer), StateFixture.Now).OfType<CallSettler>());

        var opened = engine.Handle(new SettlerReplied(call.CorrelationId, new KeyRevealed(_f.NetworkPreimage)), StateFixture.Now);
        Assert.Empty(opened.OfType<EmitEvent>().Select(e => e.Event).OfType<ContactRevealed>());
        Assert.Null(Assert.Single(engine.ExportMoneyState().SenderJobs).RequestKey);
    }
}
