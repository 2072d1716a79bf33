using GigGossip.Node.Control;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Tests;

public sealed class RestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Middleman_restarted_after_its_invoice_is_accepted_settles_with_the_preimage_it_missed_while_down()
    {
        await using var net = TestNetwork.Create();
        var (sender, middleman, driver) = await ThreeInARowAsync(net);
        var total = net.TotalMoneyMsat();
        using var api = sender.Control();
        var request = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        var offer = (await sender.Events.WaitForAsync<OfferReceived>(cancellationToken: Ct).Within()).Offer;
        await api.AcceptAsync(offer.OfferId, Ct);
        await Rides.MoneyLockedAsync(net, sender, driver);

        await net.RestartAsync(middleman, async _ =>
        {
            net.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));
            await sender.Events.WaitForAsync<ContactRevealed>(cancellationToken: Ct).Within();
            await driver.TimerSetAsync<ReplyPreimage>(count: 2);
            await api.DoneAsync(request.RequestId, Ct);
            // The driver is paid by the middleman's held payment while the middleman is down: it never hears of it.
            await driver.Events.WaitForAsync<MoneySettled>(m => m.Incoming && m.AmountMsat == 2_000, cancellationToken: Ct).Within();
            Assert.DoesNotContain(sender.Events.Since(0), e => e.Event is MoneySettled);
        });

        await Rides.SettledAsync(net, sender, driver);
        Assert.Equal(3_000, (await middleman.Events.WaitForAsync<MoneySettled>(m => m.Incoming, cancellationToken: Ct).Within()).AmountMsat);
        await AssertEveryoneIsPaidAsync(net, sender, middleman, driver, total);
    }

    [Fact]
    public async Task Middleman_down_when_its_invoice_is_paid_pays_downstream_once_restarted()
    {
        await using var net = TestNetwork.Create();
        var (sender, middleman, driver) = await ThreeInARowAsync(net);
        var total = net.TotalMoneyMsat();
        using var api = sender.Control();
        var request = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        var offer = (await sender.Events.WaitForAsync<OfferReceived>(cancellationToken: Ct).Within()).Offer;
        await middleman.Events.WaitForAsync<ReplyRouted>(cancellationToken: Ct).Within();

        await net.RestartAsync(middleman, async _ =>
        {
            await api.AcceptAsync(offer.OfferId, Ct);
            await net.Settler.Handled.WaitForAsync(i => i is SettlerCallReceived { Request: ReplyAcceptedRequest });
            Assert.Empty(middleman.Effects.Items.OfType<PayInvoice>());
        });

        await Rides.RevealedAsync(net, sender, driver);
        Assert.Single(middleman.Effects.Items.OfType<PayInvoice>());
        await Rides.DoneAndSettledAsync(net, sender, driver, () => api.DoneAsync(request.RequestId, Ct));
        await AssertEveryoneIsPaidAsync(net, sender, middleman, driver, total);
    }

    [Fact]
    public async Task Restarted_sender_asks_for_the_key_again_and_shows_the_contact()
    {
        await using var net = TestNetwork.Create();
        var (sender, middleman, driver) = await ThreeInARowAsync(net);
        var total = net.TotalMoneyMsat();
        var request = await RequestAsync(sender);
        var offer = (await sender.Events.WaitForAsync<OfferReceived>(cancellationToken: Ct).Within()).Offer;
        await sender.Host.DoAsync(new AcceptOffer(offer.OfferId), Ct);
        await Rides.MoneyLockedAsync(net, sender, driver);

        await net.RestartAsync(sender);

        var revealed = await sender.Events.WaitForAsync<ContactRevealed>(cancellationToken: Ct).Within();
        Assert.Equal("driver: call 555-0100", revealed.Contact);
        await net.RestartAsync(sender);
        Assert.Equal(revealed.Contact, (await sender.Events.WaitForAsync<ContactRevealed>(cancellationToken: Ct).Within()).Contact);
        await driver.TimerSetAsync<ReplyPreimage>();
        await sender.Host.DoAsync(new ReportJobDone(request), Ct);
        await Rides.SettledAsync(net, sender, driver);
        await AssertEveryoneIsPaidAsync(net, sender, middleman, driver, total);
    }

    private static async Task<string> RequestAsync(TestNode sender)
    {
        var (topic, deadline) = TaxiTopics.Build(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), sender.Host.NowUnixMs, 7);
        var events = await sender.Host.DoAsync(new BroadcastTopic(topic, deadline), Ct);
        return events.OfType<BroadcastStarted>().Single().PayloadId;
    }

    private static async Task<(TestNode Sender, TestNode Middleman, TestNode Driver)> ThreeInARowAsync(TestNetwork net)
    {
        var sender = await net.AddNodeAsync("sender", TestNetwork.SenderFundingMsat, control: true);
        var middleman = await net.AddNodeAsync("middleman");
        var driver = await net.AddNodeAsync("driver", work: TestNetwork.Driver());
        await net.ConnectAsync(middleman, sender);
        await net.ConnectAsync(middleman, driver);
        return (sender, middleman, driver);
    }

    private static async Task AssertEveryoneIsPaidAsync(TestNetwork net, TestNode sender, TestNode middleman, TestNode driver, long total)
    {
        Assert.Equal(-(TestNetwork.DriverPriceMsat + 3_000), await sender.EarnedAsync());
        Assert.Equal(1_000, await middleman.EarnedAsync());
        Assert.Equal(TestNetwork.DriverPriceMsat + 1_000, await driver.EarnedAsync());
        Assert.Equal(1_000, await net.Ledger.OpenAccount(net.Settler.Account).GetBalanceAsync(Ct));
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.HeldMsat());
        Assert.Empty(net.Settler.Failures.Items);
    }
}
