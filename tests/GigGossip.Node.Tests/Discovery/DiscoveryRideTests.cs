using System.Text.Json;
using GigGossip.Node.Control;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Tests.Discovery;

/// <summary>Issue #17's daemon test: peer exchange over real TCP between daemons, and a node that loses every configured peer finding others.</summary>
public sealed class DiscoveryRideTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_node_that_loses_all_its_configured_peers_finds_others_through_exchange_and_completes_a_ride()
    {
        await using var net = TestNetwork.Create();
        var hub = await net.AddNodeAsync("hub", policy: DiscoveryNet.Scoring, configure: DiscoveryNet.On());
        var relay = await net.AddNodeAsync("relay", policy: DiscoveryNet.Scoring, configure: DiscoveryNet.On([hub]));
        var driver = await net.AddNodeAsync("driver", work: TestNetwork.Driver(), policy: DiscoveryNet.Scoring, configure: DiscoveryNet.On([hub, relay]));
        await DiscoveryNet.RecordsFromAsync(hub, relay);
        await DiscoveryNet.RecordsFromAsync(hub, driver);

        // The sender knows only the hub (a configured peer) and asks it for addresses as it connects.
        var sender = await net.AddNodeAsync("sender", TestNetwork.SenderFundingMsat, control: true, policy: DiscoveryNet.Scoring,
            configure: DiscoveryNet.On(more: o => o with { Peers = [hub.Host.Address] }));
        var answer = await DiscoveryNet.RecordsFromAsync(sender, hub, atLeast: 3); // the hub's own record, the relay's and the driver's
        Assert.Equal(0, answer.Refused);
        Assert.Equal([hub.Host.Id], sender.Host.ConnectedPeers);
        var known = await DiscoveryNet.QueryAsync(sender, (m, _) => m.Book.Entries.Select(e => e.Record.NodeKey).ToHashSet());
        Assert.Contains(driver.Host.Id, known);
        Assert.Contains(relay.Host.Id, known);

        // The hub goes away: the sender has no configured peer left, and dials from its book at its next tick.
        var before = sender.Events.LastSequence;
        await hub.Host.DisposeAsync();
        await sender.Events.WaitForAsync<PeerDown>(p => p.Peer.Equals(hub.Host.Id), before, Ct).Within();
        Assert.Empty(sender.Host.ConnectedPeers);
        net.Advance(DiscoveryNet.Tick);
        await sender.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(driver.Host.Id) && !p.Inbound, before, Ct).Within();

        var total = net.TotalMoneyMsat();
        using var api = sender.Control();
        var request = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        var offer = (await sender.Events.WaitForAsync<OfferReceived>(cancellationToken: Ct).Within()).Offer;
        await api.AcceptAsync(offer.OfferId, Ct);
        Assert.Equal("driver: call 555-0100", await Rides.RevealedAsync(net, sender, driver));
        await Rides.DoneAndSettledAsync(net, sender, driver, () => api.DoneAsync(request.RequestId, Ct));

        Assert.Equal(TestNetwork.DriverPriceMsat + 1_000, await driver.EarnedAsync());
        Assert.Equal(-(TestNetwork.DriverPriceMsat + offer.NetworkAmountMsat), await sender.EarnedAsync());
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.HeldMsat());

        // `peers --json`: each peer with its direction, score and parts; the driver earned the sender's score by routing a reply back.
        var json = await Cli.RunAsync(["peers", "--json", "--node", sender.Host.ControlUri!.ToString(), "--token", sender.Options.Control!.TokenFile]);
        Assert.Equal(0, json.Exit);
        using var parsed = JsonDocument.Parse(json.Output);
        var peers = parsed.RootElement.GetProperty("peers").EnumerateArray().ToList();
        var seen = peers.Single(p => p.GetProperty("id").GetString() == driver.Host.Id.ToHex());
        Assert.Equal(["id", "connected", "address", "direction", "configured", "score", "scoreParts", "graylisted", "anchor"], seen.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["firstDeliveries", "routedReplies", "settledFees", "invalidFrames", "askTimeouts", "colocation", "outbound", "recentAsks"],
            seen.GetProperty("scoreParts").EnumerateObject().Select(p => p.Name));
        Assert.True(seen.GetProperty("connected").GetBoolean());
        Assert.Equal("outbound", seen.GetProperty("direction").GetString());
        Assert.False(seen.GetProperty("configured").GetBoolean());
        Assert.Equal(driver.Host.AddressText, seen.GetProperty("address").GetString());
        Assert.True(seen.GetProperty("scoreParts").GetProperty("routedReplies").GetDouble() > 0);
        Assert.True(seen.GetProperty("score").GetDouble() > seen.GetProperty("scoreParts").GetProperty("outbound").GetDouble());
        var text = await Cli.RunAsync(["peers", "--node", sender.Host.ControlUri!.ToString(), "--token", sender.Options.Control!.TokenFile]);
        var line = text.Output.Split('\n').Single(l => l.StartsWith(driver.Host.Id.ToHex(), StringComparison.Ordinal));
        Assert.Contains($"connected (outbound)  {driver.Host.AddressText}  score ", line);
        var lost = peers.Single(p => p.GetProperty("id").GetString() == hub.Host.Id.ToHex());
        Assert.True(lost.GetProperty("configured").GetBoolean());
        Assert.False(lost.GetProperty("connected").GetBoolean());
        Assert.Equal(JsonValueKind.Null, lost.GetProperty("direction").ValueKind);
    }
}
