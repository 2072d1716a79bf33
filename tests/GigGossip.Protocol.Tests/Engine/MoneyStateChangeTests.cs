using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Protocol.Tests.Engine;

/// <summary>
/// The host saves the money state only when the engine says the last input may have changed it. The cheat to fear is a
/// change the engine does not report (a restart would then lose a payment): so frames, proofs of work, peers and broadcasts,
/// on an engine that routes, sends and works on money, must leave the export exactly as it was; wallet answers must report.
/// </summary>
public sealed class MoneyStateChangeTests
{
    private readonly StateFixture _f = new();

    private NodeEngine Busy()
    {
        var engine = _f.Engine(_f.MiddlemanKey);
        engine.ImportMoneyState(new NodeMoneyState([_f.Route(paidDownstream: false)], [_f.SenderJob()], [_f.ReplierJob()]), StateFixture.Now);
        return engine;
    }

    private static string Describe(NodeMoneyState state) => string.Join("|",
        state.Routes.Select(r => $"route {Convert.ToHexStringLower(r.PaymentHash)} {r.PaidDownstream}")
            .Concat(state.SenderJobs.Select(j => $"sent {j.Offer.PayloadId} {j.NetworkPreimage is not null} {j.NetworkPaymentResolved} {j.ReplyPaymentResolved}"))
            .Concat(state.ReplierJobs.Select(j => $"taken {j.PayloadId} {Convert.ToHexStringLower(j.ReplyPaymentHash)}")));

    public static TheoryData<string> NeutralInputs => ["ask", "conditions", "broadcast", "reply", "cancel frame", "pow solved", "peer up", "peer down", "topic", "cancel"];

    private INodeInput Input(string kind, PublicKey peer) => kind switch
    {
        "ask" => new FrameReceived(peer, new Frame { AskForBroadcast = new AskForBroadcastFrame { AskId = FrameIds.New(), SignedRequestPayload = _f.Request } }),
        "conditions" => new FrameReceived(peer, new Frame { PowBroadcastConditions = new PowBroadcastConditionsFrame { AskId = FrameIds.New() } }),
        "broadcast" => new FrameReceived(peer, new Frame { PowBroadcast = new PowBroadcastFrame { AskId = FrameIds.New(), BroadcastPayload = ByteString.CopyFrom([1]) } }),
        "reply" => new FrameReceived(peer, new Frame { Reply = new ReplyFrame { NetworkInvoice = "lnbc1", EncryptedReplyPayload = ByteString.CopyFrom([1]) } }),
        "cancel frame" => new FrameReceived(peer, new Frame { CancelBroadcast = CancelBroadcasts.Create(_f.Request.ReadRequestPayload().PayloadId, _f.SenderKey) }),
        "pow solved" => new PowSolved(default, StateFixture.Now, 1),
        "peer up" => new PeerConnected(peer),
        "peer down" => new PeerDisconnected(peer),
        "topic" => new BroadcastTopic(_f.Request.ReadRequestPayload().Topic, StateFixture.Now + 600_000),
        "cancel" => new CancelBroadcast(_f.PayloadId),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(NeutralInputs))]
    public void Inputs_that_report_no_change_leave_the_money_state_as_it_was(string kind)
    {
        var engine = Busy();
        var peer = _f.SenderKey.PublicKey;
        engine.Handle(new PeerConnected(peer), StateFixture.Now);
        var before = Describe(engine.ExportMoneyState());

        engine.Handle(Input(kind, peer), StateFixture.Now + 1);

        Assert.False(engine.MoneyStateChanged);
        Assert.Equal(before, Describe(engine.ExportMoneyState()));
    }

    [Fact]
    public void A_wallet_answer_that_changes_money_is_reported()
    {
        var engine = Busy();
        var before = Describe(engine.ExportMoneyState());

        engine.Handle(new IssuedInvoiceChanged(_f.NetworkHash, InvoiceState.Accepted, StateFixture.Now + 1_800_000), StateFixture.Now);

        Assert.True(engine.MoneyStateChanged);
        Assert.NotEqual(before, Describe(engine.ExportMoneyState()));
    }
}
