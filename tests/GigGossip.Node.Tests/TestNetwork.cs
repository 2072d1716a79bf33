using GigGossip.Node.Hosting;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using Microsoft.Extensions.Time.Testing;

namespace GigGossip.Node.Tests;

/// <summary>
/// Nodes as the daemon runs them, in process: real TCP on 127.0.0.1 (port 0), a real SQLite ledger shared through
/// per-account wallets, a real settler engine, a state file per node in a temporary directory, and one fake clock.
/// </summary>
internal sealed class TestNetwork : IAsyncDisposable
{
    public const long StartUnixMs = 1_790_000_000_000;
    public const long SenderFundingMsat = 10_000_000_000;
    public const long RoutingLiquidityMsat = 1_000_000;
    public const long DriverPriceMsat = 25_000_000;
    public const string SettlerUri = "http://settler.test/";

    private readonly List<TestNode> _nodes = [];

    private TestNetwork(string directory, TimeProvider time)
    {
        Directory = directory;
        Time = time;
        Ledger = new LedgerWallet(HodlLedger.Open(Path.Combine(directory, "ledger.db"), Time.GetUtcNow()), Time);
        Settler = new TestSettler(SettlerUri, Ledger, Time);
    }

    public string Directory { get; }

    /// <summary>A fake clock starting at <see cref="StartUnixMs"/>, or the system clock for a network that talks to the outside.</summary>
    public TimeProvider Time { get; }

    public LedgerWallet Ledger { get; }

    public TestSettler Settler { get; }

    public static TestNetwork Create(bool systemClock = false) =>
        new(System.IO.Directory.CreateTempSubdirectory("giggossip-node-tests-").FullName,
            systemClock ? TimeProvider.System : new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(StartUnixMs)));

    /// <summary>Moves the fake clock on; timers that come due fire.</summary>
    public void Advance(TimeSpan by) => ((FakeTimeProvider)Time).Advance(by);

    public static TaxiWork Driver(string contact = "driver: call 555-0100") => new("r3gx", DriverPriceMsat, contact);

    /// <summary>Certifies, funds and starts a node that trusts the settler.</summary>
    public async Task<TestNode> AddNodeAsync(string name, long fundingMsat = 0, TaxiWork? work = null, bool control = false,
        NodePolicy? policy = null, SenderPolicy? sender = null, Func<NodeHostOptions, NodeHostOptions>? configure = null)
    {
        var key = SecretKey.Generate();
        var certificate = await Settler.CertifyAsync(key.PublicKey, new Dictionary<string, byte[]> { ["driving_licence"] = [1] });
        var wallet = Ledger.OpenAccount(key.PublicKey.ToHex());
        Ledger.Fund(wallet.AccountId, fundingMsat + RoutingLiquidityMsat);
        TestNode? node = null;
        var options = new NodeHostOptions
        {
            Identity = new NodeIdentity(key, certificate),
            Wallet = wallet,
            Settlers = uri => uri == Settler.Uri ? Settler : null,
            StatePath = Path.Combine(Directory, name, "state.db"),
            TrustedSettlers = [new TrustedSettlerAddress(Settler.Uri, Settler.PublicKey)],
            Policy = policy ?? new NodePolicy(),
            Sender = sender ?? new SenderPolicy { AutoAcceptBestOffer = false },
            Work = work,
            WorkSettlerUri = Settler.Uri,
            Time = Time,
            Control = control ? new ControlApiOptions(Path.Combine(Directory, name, "control.token")) : null,
            PowThreads = 1,
            EffectObserver = effect => node!.Effects.Add(effect),
        };
        options = configure?.Invoke(options) ?? options;
        node = new TestNode(name, options, fundingMsat + RoutingLiquidityMsat);
        node.Host = await NodeHost.StartAsync(options, TestContext.Current.CancellationToken);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Makes <paramref name="from"/> dial <paramref name="to"/> and waits until both see the connection.</summary>
    public async Task ConnectAsync(TestNode from, TestNode to)
    {
        var fromAfter = from.Events.LastSequence;
        var toAfter = to.Events.LastSequence;
        from.Host.Connect(to.Host.Address);
        await from.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(to.Host.Id), fromAfter, TestContext.Current.CancellationToken).Within();
        await to.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(from.Host.Id), toAfter, TestContext.Current.CancellationToken).Within();
    }

    /// <summary>Stops a node and starts it again from its state file (a new listener port; it dials its configured peers again).</summary>
    public async Task RestartAsync(TestNode node, Func<TestNode, Task>? whileDown = null)
    {
        await node.Host.DisposeAsync();
        if (whileDown is not null) await whileDown(node);
        node.Host = await NodeHost.StartAsync(node.Options, TestContext.Current.CancellationToken);
    }

    /// <summary>Every account's balance plus what is held: constant for the life of the ledger.</summary>
    public long TotalMoneyMsat()
    {
        var totals = Ledger.Audit().Totals;
        return totals.AccountsMsat + totals.HeldMsat;
    }

    public long HeldMsat() => Ledger.Audit().Totals.HeldMsat;

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes) await node.Host.DisposeAsync();
        await Settler.DisposeAsync();
        Ledger.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        Assert.Empty(Settler.RefusedLooks);
    }
}
