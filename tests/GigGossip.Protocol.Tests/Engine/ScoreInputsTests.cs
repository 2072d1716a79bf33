using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Peers;
using GigGossip.Protocol.Pow;

namespace GigGossip.Protocol.Tests.Engine;

/// <summary>
/// What the middleman's engine writes into a peer's score besides first deliveries: the asks a peer made (its volume, which
/// prices its proof of work), the conditions it took and let expire (the ask flooder's trick), and the network fees settled
/// on a route through it (the whitepaper's track record). Through real engines.
/// </summary>
public sealed class ScoreInputsTests
{
    private readonly StateFixture _f = new();

    private NodeEngine Middleman(PowPricing? pricing = null) =>
        new(new NodeIdentity(_f.MiddlemanKey, _f.Certificate(_f.MiddlemanKey)),
            _f.Policy with { PowLeadingZeroBits = 4, OneTimeSenderKeys = false, Scoring = new PeerScoreParams(), PowPricing = pricing }, new Random(11));

    private static Frame Ask(SignedRequestPayload request) => new() { AskForBroadcast = new AskForBroadcastFrame { AskId = FrameIds.New(), SignedRequestPayload = request } };

    private SignedRequestPayload FreshRequest(long now) => SignedRequests.Create(new Topic
    {
        Taxi = new TaxiTopic { FromGeohash = "r3gx2g5", ToGeohash = "r3gx2u0", PickupAfterUnixMs = now, PickupBeforeUnixMs = now + 600_000, DistanceM = 3_200 },
    }, _f.Certificate(_f.SenderKey), _f.SenderKey, now + 600_000);

    /// <summary>The leading zero bits of the conditions the middleman answers one ask with.</summary>
    private static int ConditionBits(NodeEngine middleman, PublicKey from, Frame ask, long now)
    {
        var conditions = Assert.Single(middleman.Handle(new FrameReceived(from, ask), now).OfType<SendFrame>()).Frame.PowBroadcastConditions;
        return (int)Math.Round(Math.Log2(PowTarget.FromBytes(conditions.WorkRequest.PowTarget.Span).ExpectedTries));
    }

    [Fact]
    public void Conditions_a_peer_takes_and_lets_expire_count_against_it_and_used_ones_do_not()
    {
        var middleman = Middleman();
        var flooder = _f.SenderKey.PublicKey;
        middleman.Handle(new PeerConnected(flooder), StateFixture.Now);
        for (var i = 0; i < 3; i++) middleman.Handle(new FrameReceived(flooder, Ask(FreshRequest(StateFixture.Now + i))), StateFixture.Now);
        Assert.Equal(0, middleman.Scores!.Parts(flooder, StateFixture.Now).AskTimeouts);

        var later = StateFixture.Now + _f.Policy.AskValidityMs + 1;
        middleman.ForgetExpired(later);

        var parts = middleman.Scores.Parts(flooder, later);
        Assert.Equal(3 * new PeerScoreParams().AskTimeoutWeight, parts.AskTimeouts);
        Assert.Equal(3, parts.RecentAsks);
        Assert.True(parts.Total < 0);
    }

    [Fact]
    public void A_peer_asking_far_beyond_the_free_volume_pays_more_proof_of_work_per_ask_and_a_quiet_one_the_base()
    {
        var pricing = new PowPricing { BaseBits = 4, FreeAsks = 2 };
        var middleman = Middleman(pricing);
        var spammer = SecretKey.Generate().PublicKey;
        var quiet = SecretKey.Generate().PublicKey;
        middleman.Handle(new PeerConnected(spammer), StateFixture.Now);
        middleman.Handle(new PeerConnected(quiet), StateFixture.Now);

        var spamBits = Enumerable.Range(0, 16).Select(i => ConditionBits(middleman, spammer, Ask(FreshRequest(StateFixture.Now + i)), StateFixture.Now)).ToList();
        var quietBits = ConditionBits(middleman, quiet, Ask(FreshRequest(StateFixture.Now + 100)), StateFixture.Now);

        Assert.Equal(4, spamBits[0]);
        Assert.Equal(4 + 4, spamBits[^1]); // 16 asks = 8 times the free volume: log2(8) + 1 extra bits
        Assert.Equal(spamBits.Order(), spamBits);
        Assert.Equal(4, quietBits);
    }

    [Fact]
    public void Without_pricing_every_peer_pays_the_policy_price_however_much_it_asks()
    {
        var middleman = Middleman();
        var spammer = SecretKey.Generate().PublicKey;
        middleman.Handle(new PeerConnected(spammer), StateFixture.Now);

        var bits = Enumerable.Range(0, 16).Select(i => ConditionBits(middleman, spammer, Ask(FreshRequest(StateFixture.Now + i)), StateFixture.Now)).ToHashSet();

        Assert.Equal([4], bits);
    }

    [Fact]
    public void A_settled_network_invoice_credits_the_fee_to_the_peer_the_request_came_from()
    {
        var middleman = Middleman();
        var route = _f.Route(paidDownstream: true);
        middleman.ImportMoneyState(new NodeMoneyState([route], [], []), StateFixture.Now);

        middleman.Handle(new IssuedInvoiceChanged(_f.NetworkHash, InvoiceState.Settled, null), StateFixture.Now);

        var feeSat = (route.MyAmountMsat - route.DownstreamAmountMsat) / 1000.0;
        Assert.Equal(feeSat * new PeerScoreParams().SettledFeeWeightPerSat, middleman.Scores!.Parts(route.Upstream, StateFixture.Now).SettledFees, 9);
    }

    [Fact]
    public void A_cancelled_network_invoice_credits_nothing()
    {
        var middleman = Middleman();
        var route = _f.Route(paidDownstream: true);
        middleman.ImportMoneyState(new NodeMoneyState([route], [], []), StateFixture.Now);

        middleman.Handle(new IssuedInvoiceChanged(_f.NetworkHash, InvoiceState.Cancelled, null), StateFixture.Now);

        Assert.Equal(0, middleman.Scores!.Parts(route.Upstream, StateFixture.Now).SettledFees);
    }
}
