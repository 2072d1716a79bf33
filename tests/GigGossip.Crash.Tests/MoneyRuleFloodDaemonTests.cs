using System.Net;
using System.Net.Sockets;
using GigGossip.Protocol.Crypto;
using GigGossip.Wallet.Client;

namespace GigGossip.Crash.Tests;

/// <summary>
/// Cheat 10, locking everyone out, with the wallet service as its own process (`giggossip wallet serve`): one client
/// floods GET /v1/auth/challenge from another loopback address (127.0.0.2, as another host would) for as long as it
/// takes a node daemon to start. The flooder gets its per-client share and then 429s; the node started during the
/// flood signs in and starts, and a second client from yet another address still authenticates.
/// </summary>
public sealed class MoneyRuleFloodDaemonTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Challenge_flood_from_one_client_does_not_lock_other_nodes_out_of_the_wallet_service()
    {
        await using var world = await RideWorld.StartAsync(null);
        var minted = (await world.Admin.AuditAsync(Ct)).MintedMsat;
        using var flooder = LoopbackClients.From(IPAddress.Parse("127.0.0.2"), world.WalletUri);
        using var stop = new CancellationTokenSource();
        var statuses = new Dictionary<HttpStatusCode, int>();
        var flood = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await flooder.GetAsync("v1/auth/challenge", Ct);
                lock (statuses) statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            }
        })));
        await Bounded.UntilAsync(() => Task.FromResult(Count(statuses, HttpStatusCode.TooManyRequests) >= 100), "the flooder to be refused");

        // A node daemon started during the flood signs in to the wallet service (its start checks the balance) and starts.
        await world.AddNodeAsync("latecomer");
        Assert.Equal(RideWorld.FundingMsat, (await world.Control("latecomer").BalanceAsync(Ct)).BalanceMsat);
        // Another client, from another address, authenticates too.
        var other = SecretKey.Generate();
        await world.Admin.FundAsync(other.PublicKey.ToHex(), 5_000, Ct);
        using (var client = new WalletHttpClient(world.WalletUri, other, LoopbackClients.From(IPAddress.Parse("127.0.0.3"), world.WalletUri)))
            Assert.Equal(5_000, await client.GetBalanceAsync(Ct));
        var refusedBefore = Count(statuses, HttpStatusCode.TooManyRequests);
        await Bounded.UntilAsync(() => Task.FromResult(Count(statuses, HttpStatusCode.TooManyRequests) > refusedBefore + 100), "the flood to go on");

        await stop.CancelAsync();
        await flood.Within();
        // The flooder got at most its share of unanswered challenges (16; the whole test runs within their 2-minute lifetime).
        Assert.Equal(16, Count(statuses, HttpStatusCode.OK));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses.Keys.Order());
        var audit = await world.Admin.AuditAsync(Ct);
        Assert.Equal((true, minted + RideWorld.FundingMsat + 5_000, 0L), (audit.Balanced, audit.AccountsMsat + audit.HeldMsat, audit.HeldMsat));
    }

    private static int Count(Dictionary<HttpStatusCode, int> statuses, HttpStatusCode status)
    {
        lock (statuses) return statuses.GetValueOrDefault(status);
    }
}
