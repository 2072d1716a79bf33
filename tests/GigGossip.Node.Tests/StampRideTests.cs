using GigGossip.Node.Control;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Tests;

/// <summary>
/// The sender's stamp between daemons over real TCP (issue #17): with <c>stampBits</c> on every node the sender's host solves
/// the stamp and the ride completes with every balance exact; a sender that makes none is refused by a middleman that
/// requires one.
/// </summary>
public sealed class StampRideTests
{
    private const int StampBits = 10;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stamped_ride_is_offered_paid_and_settled_over_tcp_with_every_balance_exact()
    {
        var policy = new NodePolicy { StampBits = StampBits };
        await using var net = TestNetwork.Create();
        var sender = await net.AddNodeAsync("sender", TestNetwork.SenderFundingMsat, control: true, policy: policy);
        var middleman = await net.AddNodeAsync("middleman", policy: policy);
        var driver = await net.AddNodeAsync("driver", work: TestNetwork.Driver(), policy: policy);
        await net.ConnectAsync(middleman, sender);
        await net.ConnectAsync(middleman, driver);
        var total = net.TotalMoneyMsat();
        using var api = sender.Control();

        var request = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        await sender.Events.WaitForAsync<OfferReceived>(cancellationToken: Ct).Within();
        var offer = Assert.Single((await api.OffersAsync(request.RequestId, Ct)).Offers);
        await api.AcceptAsync(offer.OfferId, Ct);
        Assert.Equal("driver: call 555-0100", await Rides.RevealedAsync(net, sender, driver));
        await Rides.DoneAndSettledAsync(net, sender, driver, () => api.DoneAsync(request.RequestId, Ct));

        Assert.Equal(-(TestNetwork.DriverPriceMsat + 3_000), await sender.EarnedAsync());
        Assert.Equal(1_000, await middleman.EarnedAsync());
        Assert.Equal(TestNetwork.DriverPriceMsat + 1_000, await driver.EarnedAsync());
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.HeldMsat());
    }

    [Fact]
    public async Task A_middleman_requiring_a_stamp_refuses_a_sender_that_makes_none()
    {
        await using var net = TestNetwork.Create();
        var sender = await net.AddNodeAsync("sender", TestNetwork.SenderFundingMsat, control: true);
        var middleman = await net.AddNodeAsync("middleman", policy: new NodePolicy { StampBits = StampBits });
        await net.ConnectAsync(middleman, sender);
        using var api = sender.Control();

        await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        var refused = await middleman.Events.WaitForAsync<FrameRejected>(cancellationToken: Ct).Within();

        Assert.Equal(RejectionReason.MissingStamp, refused.Reason);
        Assert.Equal(sender.Options.Identity.Key.PublicKey, refused.From);
        Assert.Empty(middleman.Events.Since(0).Select(e => e.Event).OfType<BroadcastReceived>());
    }
}
