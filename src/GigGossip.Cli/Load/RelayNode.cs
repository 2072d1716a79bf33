using System.Diagnostics;
using GigGossip.Network.Tcp;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Settler;
using GigGossip.Settler.Client;
using GigGossip.Wallet.Client;

namespace GigGossip.Cli.Load;

/// <summary>
/// One node daemon in this process, with the wallet and settler services on 127.0.0.1 (port 0) and its files in a
/// temporary folder. Its ask rate limit is lifted (a benchmark's driver is one peer sending as fast as it can) and it asks
/// the driver for a cheap proof of work (<see cref="DriverPowBits"/>); everything else is the daemon as it runs.
/// </summary>
internal sealed class RelayNode : IRelayUnderTest
{
    /// <summary>
    /// The leading zero bits the relay asks of the driver: its check is one hash whatever the target, and at the default 12
    /// bits the driver's solving (on the load generator's one core) capped the rate the relay was driven at.
    /// </summary>
    private const int DriverPowBits = 4;

    private readonly string _directory;
    private readonly LoadServices _services;
    private readonly SettlerHttpClient _settlerClient;
    private readonly WalletHttpClient _wallet;
    private readonly NodeHost _relay;

    private RelayNode(string directory, LoadServices services, SettlerHttpClient settlerClient, WalletHttpClient wallet, NodeHost relay)
    {
        _directory = directory;
        _services = services;
        _settlerClient = settlerClient;
        _wallet = wallet;
        _relay = relay;
    }

    public PeerAddress Address => _relay.Address;

    public bool OwnCore => false;

    public static async Task<RelayNode> StartAsync(CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("giggossip-relay-").FullName;
        LoadServices? services = null;
        SettlerHttpClient? settlerClient = null;
        WalletHttpClient? wallet = null;
        try
        {
            services = await LoadServices.StartAsync(directory, cancellationToken);
            var settler = services.Settler;
            settlerClient = new SettlerHttpClient(settler.BaseUri, settler.Host.Uri);
            var key = SecretKey.Generate();
            wallet = new WalletHttpClient(services.Wallet.BaseUri, key);
            var client = settlerClient;
            var relay = await NodeHost.StartAsync(new NodeHostOptions
            {
                Identity = new NodeIdentity(key, await CertifyAsync(services, key, cancellationToken)),
                Wallet = wallet,
                Settlers = uri => uri == settler.Host.Uri ? client : null,
                StatePath = Path.Combine(directory, "relay", "state.db"),
                TrustedSettlers = [new TrustedSettlerAddress(settler.Host.Uri, settler.Host.PublicKey)],
                Policy = new NodePolicy { AsksPerSecondPerPeer = 1e9, AskBurstPerPeer = 1e9, PowLeadingZeroBits = DriverPowBits },
                PowThreads = 1,
            }, cancellationToken);
            return new RelayNode(directory, services, settlerClient, wallet, relay);
        }
        catch
        {
            wallet?.Dispose();
            settlerClient?.Dispose();
            if (services is not null) await services.DisposeAsync();
            Delete(directory);
            throw;
        }
    }

    public async Task<(SecretKey Key, SignedCertificate Certificate)> NewCertifiedPeerAsync(CancellationToken cancellationToken)
    {
        var key = SecretKey.Generate();
        return (key, await CertifyAsync(_services, key, cancellationToken));
    }

    public async Task WaitForPeerAsync(PublicKey peer, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        await _relay.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(peer), cancellationToken: limit.Token);
    }

    public async Task<RelayNodeReport> ReportAsync(CancellationToken cancellationToken)
    {
        var memory = await _relay.QueryAsync(e =>
        {
            e.ForgetExpired(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            return (e.RememberedPayloads, e.RememberedProofs, e.RememberedConditions, e.OpenAsks);
        }, cancellationToken);
        var rejected = _relay.Events.Since(0).Count(e => e.Event is FrameRejected);
        using var process = Process.GetCurrentProcess();
        return new RelayNodeReport(memory.RememberedPayloads, memory.RememberedProofs, memory.RememberedConditions, memory.OpenAsks, rejected,
            process.TotalProcessorTime.TotalSeconds, process.PeakWorkingSet64, GC.GetTotalMemory(forceFullCollection: true));
    }

    public async ValueTask DisposeAsync()
    {
        await _relay.DisposeAsync();
        _wallet.Dispose();
        _settlerClient.Dispose();
        await _services.DisposeAsync();
        Delete(_directory);
    }

    private static async Task<SignedCertificate> CertifyAsync(LoadServices services, SecretKey key, CancellationToken cancellationToken)
    {
        var settler = services.Settler.Host;
        await settler.RegisterAsync(SubjectProof.Create(SubjectAction.Register, key, settler.PublicKey, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), cancellationToken);
        return await settler.IssueCertificateAsync(key.PublicKey, cancellationToken);
    }

    private static void Delete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); }
        catch (IOException) { }
    }
}
