using System.Diagnostics;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Settler;
using GigGossip.Settler.Client;
using GigGossip.Settler.Http;
using GigGossip.Simulation;
using GigGossip.Simulation.Demo;

namespace GigGossip.Cli.Demo;

/// <summary>
/// The ride for real on 127.0.0.1: a wallet service and a settler service over HTTP (SQLite files in a
/// temp directory), N node daemons talking BOLT 8 over TCP on a random connected graph, some of them
/// taxi drivers, and a rider in Sydney. Everything is started in this process and stopped and deleted
/// at the end.
/// </summary>
public static class NetworkRideDemo
{
    private const long RiderFundingMsat = InMemoryRideDemo.RiderFundingMsat;
    /// <param name="settlerDatabase">null: a SQLite file in the demo's temp directory; or a postgres://... URI.</param>
    /// <param name="onChain">Pay with on-chain HTLC wallets on the regtest-like bitcoind instead of the wallet service's ledger.</param>
    public static async Task<DemoReport> RunAsync(int nodes, int drivers, int seed, Action<DemoPhase> onPhase, CancellationToken cancellationToken,
        string? settlerDatabase = null, bool onChain = false)
    {
        var directory = Directory.CreateTempSubdirectory("giggossip-demo-").FullName;
        var hosts = new List<NodeHost>();
        var clients = new List<IDisposable>();
        try
        {
            await using DemoMoney money = onChain ? new ChainDemoMoney(directory) : await LedgerDemoMoney.StartAsync(directory, cancellationToken);
            await using var settler = await SettlerServer.StartAsync(new SettlerServerOptions
            {
                Database = settlerDatabase ?? Path.Combine(directory, "settler.db"),
                AdminTokenFile = Path.Combine(directory, "settler.token"),
                WalletUri = money.SettlerWalletUri,
                Wallet = money.SettlerWallet,
                InvoiceCltvDelta = money.InvoiceCltvDelta,
                Policy = money.SettlerPolicy,
            }, cancellationToken);
            var settlerUri = settler.Host.Uri;
            var settlerClient = new SettlerHttpClient(settler.BaseUri, settlerUri);
            clients.Add(settlerClient);
            var random = new Random(seed);
            var driverSlots = Enumerable.Range(1, nodes - 1).OrderBy(_ => random.Next()).Take(drivers).ToHashSet();
            var funding = new Dictionary<string, long>();
            var clock = Stopwatch.StartNew();
            var phases = new List<DemoPhase>();
            void Phase(string name)
            {
                var phase = new DemoPhase(name, clock.ElapsedMilliseconds);
                phases.Add(phase);
                onPhase(phase);
            }

            var driverNumber = 0;
            for (var i = 0; i < nodes; i++)
            {
                var key = SecretKey.Generate();
                var isDriver = driverSlots.Contains(i);
                await settler.Host.RegisterAsync(SubjectProof.Create(SubjectAction.Register, key, settler.Host.PublicKey, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), cancellationToken);
                if (isDriver) await settler.Host.GrantAsync(key.PublicKey, "driving_licence", [1], cancellationToken);
                var certificate = await settler.Host.IssueCertificateAsync(key.PublicKey, cancellationToken);
                var account = key.PublicKey.ToHex();
                funding[account] = (i == 0 ? RiderFundingMsat : 0) + money.RoutingLiquidityMsat;
                var nodeWallet = await money.OpenNodeWalletAsync(key, funding[account], cancellationToken);
                hosts.Add(await NodeHost.StartAsync(new NodeHostOptions
                {
                    Identity = new NodeIdentity(key, certificate),
                    Wallet = nodeWallet,
                    Settlers = uri => uri == settlerUri ? settlerClient : null,
                    StatePath = Path.Combine(directory, $"n{i}", "state.db"),
                    TrustedSettlers = [new TrustedSettlerAddress(settlerUri, settler.Host.PublicKey)],
                    Policy = money.NodePolicy(1_000 + random.Next(10) * 500),
                    Sender = money.SenderPolicy,
                    InvoiceCltvDelta = money.InvoiceCltvDelta,
                    Work = isDriver ? new TaxiWork("r3gx", 20_000_000 + random.Next(20) * 1_000_000, $"driver {++driverNumber}: +61 4{random.Next(10_000_000, 99_999_999)}") : null,
                    WorkSettlerUri = settlerUri,
                    PowThreads = 1,
                }, cancellationToken));
            }
            var edges = Topology.RandomConnected(nodes, 4, random);
            foreach (var (a, b) in edges) hosts[a].Connect(hosts[b].Address);
            await WaitUntil(() => edges.All(e => hosts[e.A].ConnectedPeers.Contains(hosts[e.B].Id)), TimeSpan.FromSeconds(30), cancellationToken);
            Phase($"wallet, settler and {nodes} nodes up on 127.0.0.1 ({edges.Count} TCP links, BOLT 8), paying with {money.Name}");
            clock.Restart();
            phases.Clear();

            var rider = hosts[0];
            var before = await money.AuditAsync(cancellationToken);
            Phase($"rider requests a ride from {InMemoryRideDemo.SydneyGeohash}");
            var started = await rider.DoAsync(new BroadcastTopic(SydneyTopics.Ride(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 4_000), cancellationToken);
            var payloadId = started.OfType<BroadcastStarted>().Single().PayloadId;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(90));
            await rider.Events.WaitForAsync<OfferReceived>(cancellationToken: deadline.Token);
            Phase("first offer arrives");
            var collected = await rider.Events.WaitForAsync<OffersCollected>(cancellationToken: deadline.Token);
            Phase($"{collected.Offers.Count} offers collected; best one paid, money locked");
            var revealed = await rider.Events.WaitForAsync<ContactRevealed>(cancellationToken: deadline.Token);
            Phase("settler reveals the key: contact decrypted");
            await rider.DoAsync(new ReportJobDone(payloadId), cancellationToken);
            var done = false;
            try
            {
                await WaitUntil(() => rider.Events.Since(0).Count(e => e.Event is MoneySettled) >= 2, TimeSpan.FromSeconds(60), deadline.Token);
                await WaitUntilAsync(async () => (await money.AuditAsync(deadline.Token)).HeldMsat == 0, TimeSpan.FromSeconds(60), deadline.Token);
                done = true;
                Phase("ride done: every invoice settled");
            }
            catch (TimeoutException)
            {
                Phase("settlement did not finish in time");
            }

            var after = await money.AuditAsync(cancellationToken);
            var paidHash = collected.Offers.Single(o => o.OfferId == revealed.OfferId).NetworkPaymentHash;
            var job = (await settler.Host.ExportAsync(cancellationToken)).Jobs.FirstOrDefault(j => j.NetworkPaymentHash.AsSpan().SequenceEqual(paidHash));
            var chosen = collected.Offers.Single(o => o.OfferId == revealed.OfferId);
            var names = hosts.Select((h, i) => (h.Id, Name: $"n{i}")).ToDictionary(x => x.Id, x => x.Name);
            var offers = collected.Offers.Select(o => new DemoOffer(DriverOf(hosts, names, o), o.PriceMsat, o.NetworkAmountMsat, o.OfferId == chosen.OfferId)).ToList();
            var balances = new List<DemoBalance>();
            for (var i = 0; i < hosts.Count; i++)
            {
                var account = hosts[i].Id.ToHex();
                var earned = await money.BalanceAsync(account, cancellationToken) - funding[account];
                if (i == 0 || earned != 0) balances.Add(new DemoBalance(i == 0 ? "rider n0" : $"n{i}", i == 0 ? "rider" : driverSlots.Contains(i) ? "driver" : "middleman", earned));
            }
            balances.Add(new DemoBalance(settlerUri, "settler", await money.BalanceAsync(settler.Host.WalletAccount, cancellationToken)));
            balances.AddRange(await money.ExtraBalancesAsync(cancellationToken));
            var totalBefore = before.TotalMsat;
            var totalAfter = after.TotalMsat;
            var report = new DemoReport(seed, nodes, drivers, phases, offers, Route(hosts, names, chosen, settlerUri), balances, revealed.Contact,
                Completed: done, LedgerBalanced: before.Consistent && after.Consistent && after.HeldMsat == 0 && totalAfter == totalBefore, totalBefore, totalAfter,
                JobState: job is null ? null : $"{job.State} ({job.Terms?.Decision})", PickupCode: revealed.PickupCode);
            await StopAsync(hosts, clients);
            return report;
        }
        finally
        {
            await StopAsync(hosts, clients);
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>Stops the nodes and closes their clients (and so their event streams) before the services stop.</summary>
    private static async Task StopAsync(List<NodeHost> hosts, List<IDisposable> clients)
    {
        foreach (var host in hosts) await host.DisposeAsync();
        foreach (var client in clients) client.Dispose();
        hosts.Clear();
        clients.Clear();
    }

    private static string DriverOf(List<NodeHost> hosts, Dictionary<PublicKey, string> names, Offer offer) =>
        hosts.FirstOrDefault(h => h.Events.Since(0).Any(e => e.Event is ReplySent r && r.NetworkPaymentHash.AsSpan().SequenceEqual(offer.NetworkPaymentHash))) is { } driver
            ? names[driver.Id] : "?";

    private static List<DemoHop> Route(List<NodeHost> hosts, Dictionary<PublicKey, string> names, Offer chosen, string settlerUri)
    {
        var hops = hosts
            .SelectMany(h => h.Events.Since(0).Where(e => e.Event is ReplyRouted r && r.NetworkPaymentHash.AsSpan().SequenceEqual(chosen.NetworkPaymentHash)).Select(e => (Host: h, e.At, Fee: ((ReplyRouted)e.Event).FeeMsat)))
            .OrderByDescending(h => h.At)
            .Select(h => new DemoHop(names[h.Host.Id], "middleman", h.Fee))
            .ToList();
        hops.Add(new DemoHop(DriverOf(hosts, names, chosen), "driver", chosen.RoutingFeesMsat - hops.Sum(h => h.FeeMsat)));
        hops.Add(new DemoHop(settlerUri, "settler", chosen.SettlerAmountMsat));
        return hops;
    }

    private static Task WaitUntil(Func<bool> done, TimeSpan limit, CancellationToken cancellationToken) =>
        WaitUntilAsync(() => Task.FromResult(done()), limit, cancellationToken);

    /// <summary>Polls a condition of the running services every 50 ms (the demo watches real processes in real time).</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> done, TimeSpan limit, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await done())
        {
            if (clock.Elapsed > limit) throw new TimeoutException($"gave up after {limit.TotalSeconds:N0} s");
            await Task.Delay(50, cancellationToken);
        }
    }
}
