using GigGossip.Node.Control;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Tests.Hostile;

/// <summary>
/// The line an attack goes against: sender - middleman - driver over TCP. <see cref="RideAsync"/> runs an honest
/// ride through the middleman after (or during) the attack and checks every balance and that no money was made or lost.
/// </summary>
internal sealed class HonestLine
{
    private HonestLine(TestNetwork net, TestNode sender, TestNode middleman, TestNode driver)
    {
        Net = net;
        Sender = sender;
        Middleman = middleman;
        Driver = driver;
    }

    public TestNetwork Net { get; }

    public TestNode Sender { get; }

    /// <summary>The node under attack.</summary>
    public TestNode Middleman { get; }

    public TestNode Driver { get; }

    /// <summary>
    /// Starts the three nodes, all on <paramref name="policy"/> (default: the default policy); the middleman's options go
    /// through <paramref name="configure"/> (its logs, limits, clock).
    /// </summary>
    public static async Task<HonestLine> StartAsync(TestNetwork net, Func<NodeHostOptions, NodeHostOptions>? configure = null, NodePolicy? policy = null)
    {
        var sender = await net.AddNodeAsync("sender", TestNetwork.SenderFundingMsat, control: true, policy: policy);
        var middleman = await net.AddNodeAsync("middleman", policy: policy, configure: configure);
        var driver = await net.AddNodeAsync("driver", work: TestNetwork.Driver(), policy: policy);
        await net.ConnectAsync(middleman, sender);
        await net.ConnectAsync(middleman, driver);
        return new HonestLine(net, sender, middleman, driver);
    }

    /// <summary>Requests, pays, reveals and settles a ride; every hop earns exactly its fee and the ledger total is unchanged.</summary>
    public async Task RideAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = Net.TotalMoneyMsat();
        var earned = (Sender: await Sender.EarnedAsync(), Middleman: await Middleman.EarnedAsync(), Driver: await Driver.EarnedAsync());
        var after = (Sender: Sender.Events.LastSequence, Driver: Driver.Events.LastSequence);
        var timers = Driver.Effects.Items.Count(e => e is SetNodeTimer { Timer: ReplyPreimage });
        using var api = Sender.Control();

        var request = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), ct);
        await Sender.Events.WaitForAsync<OfferReceived>(o => o.Offer.PayloadId == request.RequestId, after.Sender, ct).Within();
        var offer = Assert.Single((await api.OffersAsync(request.RequestId, ct)).Offers);
        await api.AcceptAsync(offer.OfferId, ct);
        await Rides.MoneyLockedAsync(Net, Sender, Driver);
        Net.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));
        Assert.Equal("driver: call 555-0100", (await Sender.Events.WaitForAsync<ContactRevealed>(c => c.PayloadId == request.RequestId, after.Sender, ct).Within()).Contact);
        await Driver.TimerSetAsync<ReplyPreimage>(count: timers + 2);
        await api.DoneAsync(request.RequestId, ct);
        await Rides.SettledAsync(Net, Sender, Driver);

        Assert.Equal(earned.Sender - (TestNetwork.DriverPriceMsat + 3_000), await Sender.EarnedAsync());
        Assert.Equal(earned.Middleman + 1_000, await Middleman.EarnedAsync());
        Assert.Equal(earned.Driver + TestNetwork.DriverPriceMsat + 1_000, await Driver.EarnedAsync());
        Assert.Equal(total, Net.TotalMoneyMsat());
        Assert.Equal(0, Net.HeldMsat());
        Assert.Empty(Net.Settler.Failures.Items);
    }
}
