using GigGossip.Node.Control;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Tests;

public sealed class RideOverTcpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ride_is_requested_offered_paid_revealed_done_and_settled_over_tcp_with_every_balance_exact()
    {
        await using var net = TestNetwork.Create();
        var sender = await net.AddNodeAsync("sender", TestNetwork.SenderFundingMsat, control: true);
        var middleman = await net.AddNodeAsync("middleman");
        var driver = await net.AddNodeAsync("driver", work: TestNetwork.Driver());
        await net.ConnectAsync(middleman, sender);
        await net.ConnectAsync(middleman, driver);
        var total = net.TotalMoneyMsat();
        using var api = sender.Control();

        var request = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        await sender.Events.WaitForAsync<OfferReceived>(cancellationToken: Ct).Within();
        var offer = Assert.Single((await api.OffersAsync(request.RequestId, Ct)).Offers);
        Assert.Equal(TestNetwork.DriverPriceMsat, offer.PriceMsat);
        Assert.Equal(3 * 1_000, offer.NetworkMsat);

        await api.AcceptAsync(offer.OfferId, Ct);
        Assert.Equal("driver: call 555-0100", await Rides.RevealedAsync(net, sender, driver));

        await Rides.DoneAndSettledAsync(net, sender, driver, () => api.DoneAsync(request.RequestId, Ct));

        Assert.Equal(-(TestNetwork.DriverPriceMsat + 3_000), await sender.EarnedAsync());
        Assert.Equal(1_000, await middleman.EarnedAsync());
        Assert.Equal(TestNetwork.DriverPriceMsat + 1_000, await driver.EarnedAsync());
        Assert.Equal(1_000, await net.Ledger.OpenAccount(net.Settler.Account).GetBalanceAsync(Ct));
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.HeldMsat());
        Assert.Empty(net.Settler.Failures.Items);
    }
}
