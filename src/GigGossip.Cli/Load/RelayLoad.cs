using System.Diagnostics;
using GigGossip.Network.Peers;
using GigGossip.Network.Tcp;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Settler;
using GigGossip.Settler.Client;
using GigGossip.Settler.Http;
using GigGossip.Wallet;
using GigGossip.Wallet.Client;

namespace GigGossip.Cli.Load;

/// <summary>
/// One node daemon relaying broadcasts over real BOLT 8 TCP on 127.0.0.1: a driver peer asks, solves the relay's proof
/// of work and sends each PowBroadcast; the relay checks it and forwards it (asking, solving the sink's conditions) to a
/// sink peer, which counts what arrives. The relay's ask rate limit is lifted for the run (the driver is one peer
/// sending as fast as it can); everything else is the daemon as it runs.
/// </summary>
public static class RelayLoad
{
    public static async Task<RelayLoadReport> RunAsync(int broadcasts, int window, TimeSpan limit, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("giggossip-relay-").FullName;
        try
        {
            await using var services = await LoadServices.StartAsync(directory, cancellationToken);
            var (wallet, settler) = (services.Wallet, services.Settler);
            using var settlerClient = new SettlerHttpClient(settler.BaseUri, settler.Host.Uri);
            var relayKey = SecretKey.Generate();
            var driverKey = SecretKey.Generate();
            using var relayWallet = new WalletHttpClient(wallet.BaseUri, relayKey);
            var relayPolicy = new NodePolicy { AsksPerSecondPerPeer = 1e9, AskBurstPerPeer = 1e9 };
            await using var relay = await NodeHost.StartAsync(new NodeHostOptions
            {
                Identity = new NodeIdentity(relayKey, await CertifyAsync(settler, relayKey, cancellationToken)),
                Wallet = relayWallet,
                Settlers = uri => uri == settler.Host.Uri ? settlerClient : null,
                StatePath = Path.Combine(directory, "relay", "state.db"),
                TrustedSettlers = [new TrustedSettlerAddress(settler.Host.Uri, settler.Host.PublicKey)],
                Policy = relayPolicy,
                PowThreads = 1,
            }, cancellationToken);
            var driverCertificate = await CertifyAsync(settler, driverKey, cancellationToken);
            var latencies = new Latencies("relay");
            await using var driver = new RelayDriver(await ConnectAsync(relay, driverKey, cancellationToken), driverKey, driverCertificate, relay.Id);
            await using var sink = new RelaySink(await ConnectAsync(relay, SecretKey.Generate(), cancellationToken), driver, latencies, broadcasts);

            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(limit);
            var clock = Stopwatch.StartNew();
            var next = -1;
            var driverErrors = new Latencies("driver");
            var lanes = Enumerable.Range(0, window).Select(_ => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) < broadcasts && !deadline.IsCancellationRequested)
                    await driverErrors.TimeAsync(() => driver.BroadcastAsync(deadline.Token)).ConfigureAwait(false);
            }, CancellationToken.None)).ToList();
            await Task.WhenAll(lanes);
            try { await sink.AllReceived.Task.WaitAsync(deadline.Token); }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested) { }
            var wall = clock.Elapsed;

            var memory = await relay.QueryAsync(e =>
            {
                e.ForgetExpired(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                return (e.RememberedPayloads, e.RememberedProofs, e.RememberedConditions, e.OpenAsks);
            }, cancellationToken);
            var rejected = relay.Events.Since(0).Count(e => e.Event is FrameRejected);
            var asked = driverErrors.Summarise(wall);
            return new RelayLoadReport(broadcasts, window, asked.Succeeded, sink.Received, asked.Errors + rejected, latencies.Summarise(wall), wall,
                memory.RememberedPayloads, memory.RememberedProofs, memory.RememberedConditions, memory.OpenAsks,
                Process.GetCurrentProcess().PeakWorkingSet64, GC.GetTotalMemory(forceFullCollection: true), asked.FirstErrors);
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        }
    }

    private static async Task<Protocol.Frames.SignedCertificate> CertifyAsync(SettlerServer settler, SecretKey key, CancellationToken cancellationToken)
    {
        await settler.Host.RegisterAsync(SubjectProof.Create(SubjectAction.Register, key, settler.Host.PublicKey, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), cancellationToken);
        return await settler.Host.IssueCertificateAsync(key.PublicKey, cancellationToken);
    }

    /// <summary>Dials the relay as a new peer and waits until the relay has it.</summary>
    private static async Task<PeerConnection> ConnectAsync(NodeHost relay, SecretKey key, CancellationToken cancellationToken)
    {
        var after = relay.Events.LastSequence;
        var peer = PeerConnection.Start(await NoiseConnection.ConnectAsync(relay.Address, key, cancellationToken: cancellationToken));
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromSeconds(30));
        await relay.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(key.PublicKey), after, limit.Token);
        return peer;
    }
}

/// <summary>What <see cref="RelayLoad"/> measured; latency is from the driver's PowBroadcast to the sink's receipt of the relayed one.</summary>
public sealed record RelayLoadReport(
    int Broadcasts, int Window, int Sent, int Received, int Errors, LatencySummary Latency, TimeSpan Wall,
    int RememberedPayloads, int RememberedProofs, int OpenConditions, int OpenAsks, long PeakWorkingSetBytes, long ManagedHeapBytes,
    IReadOnlyList<string> FirstErrors)
{
    public bool Complete => Sent == Broadcasts && Received == Broadcasts && Errors == 0 && Latency.Errors == 0;
}
