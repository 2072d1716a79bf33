using System.Diagnostics;
using System.Reflection;
using GigGossip.Network.Peers;
using GigGossip.Network.Tcp;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Cli.Load;

/// <summary>
/// One node daemon relaying broadcasts over real BOLT 8 TCP on 127.0.0.1: a driver peer asks, solves the relay's proof
/// of work and sends each PowBroadcast; the relay checks it and forwards it (asking, solving the sink's conditions) to a
/// sink peer, which counts what arrives. With <c>ownCore</c> the relay runs in a child process kept to CPU 0, and this
/// process (driver and sink) keeps to the other CPUs when it is the giggossip program itself.
/// </summary>
public static class RelayLoad
{
    /// <summary>Broadcasts the driver signs before the clock starts (about 1.5 KB each); any beyond are made during the run.</summary>
    private const int MaxPrepared = 50_000;

    /// <param name="warmup">Broadcasts relayed before the clock starts (the relay's code is compiled and its caches warm), not counted.</param>
    public static async Task<RelayLoadReport> RunAsync(int broadcasts, int window, TimeSpan limit, bool ownCore, int warmup, CancellationToken cancellationToken)
    {
        await using IRelayUnderTest relay = ownCore ? await RelayNodeProcess.StartAsync(cancellationToken) : await RelayNode.StartAsync(cancellationToken);
        // Pin the load generator only when it is this program (not a test host sharing its process with other tests).
        var peersPinned = relay.OwnCore && Assembly.GetEntryAssembly() == typeof(RelayLoad).Assembly && CpuAffinity.TryPin(CpuAffinity.Rest(1));
        var (driverKey, driverCertificate) = await relay.NewCertifiedPeerAsync(cancellationToken);
        await using var driver = new RelayDriver(await ConnectAsync(relay, driverKey, cancellationToken), driverKey, driverCertificate, relay.Address.NodeId);
        await using var sink = new RelaySink(await ConnectAsync(relay, SecretKey.Generate(), cancellationToken), driver);
        driver.Prepare(Math.Min(warmup + broadcasts, MaxPrepared));
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);

        var warm = await PhaseAsync(driver, sink, warmup, 0, window, new Latencies("warm-up"), deadline.Token, cancellationToken);
        var before = await relay.ReportAsync(cancellationToken);
        var latencies = new Latencies("relay");
        var clock = Stopwatch.StartNew();
        var asked = await PhaseAsync(driver, sink, broadcasts, warmup, window, latencies, deadline.Token, cancellationToken);
        var wall = clock.Elapsed;
        var after = await relay.ReportAsync(cancellationToken);
        var sent = asked.Summarise(wall);
        var warmErrors = warm.Summarise(wall);
        return new RelayLoadReport(broadcasts, window, sent.Succeeded, sink.Received - warmup, sent.Errors + warmErrors.Errors + after.RejectedFrames, latencies.Summarise(wall), wall,
            after.RememberedPayloads, after.RememberedProofs, after.OpenConditions, after.OpenAsks,
            after.PeakWorkingSetBytes, after.ManagedHeapBytes, [.. warmErrors.FirstErrors, .. sent.FirstErrors],
            relay.OwnCore, peersPinned, relay.OwnCore ? after.CpuSeconds - before.CpuSeconds : null);
    }

    /// <summary>
    /// Sends <paramref name="count"/> broadcasts with at most <paramref name="window"/> in flight and waits until the sink has
    /// them all (after the <paramref name="already"/> received before) or the deadline passes; the driver's errors.
    /// </summary>
    private static async Task<Latencies> PhaseAsync(RelayDriver driver, RelaySink sink, int count, int already, int window, Latencies latencies,
        CancellationToken deadline, CancellationToken cancellationToken)
    {
        var errors = new Latencies("driver");
        if (count == 0) return errors;
        var arrived = sink.ExpectAsync(already + count, latencies);
        var next = -1;
        var lanes = Enumerable.Range(0, Math.Min(window, count)).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Increment(ref next) < count && !deadline.IsCancellationRequested)
                await errors.TimeAsync(() => driver.BroadcastAsync(deadline)).ConfigureAwait(false);
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(lanes);
        try { await arrived.WaitAsync(deadline); }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested) { }
        return errors;
    }

    /// <summary>Dials the relay as a new peer and waits until the relay has it.</summary>
    private static async Task<PeerConnection> ConnectAsync(IRelayUnderTest relay, SecretKey key, CancellationToken cancellationToken)
    {
        var peer = PeerConnection.Start(await NoiseConnection.ConnectAsync(relay.Address, key, cancellationToken: cancellationToken));
        await relay.WaitForPeerAsync(key.PublicKey, cancellationToken);
        return peer;
    }
}

/// <summary>
/// What <see cref="RelayLoad"/> measured; latency is from the driver's PowBroadcast to the sink's receipt of the relayed one.
/// Peak working set and managed heap are the relay's process's; <see cref="RelayCpuSeconds"/> is what the relay's own process used during the run (null when it shares this process).
/// </summary>
public sealed record RelayLoadReport(
    int Broadcasts, int Window, int Sent, int Received, int Errors, LatencySummary Latency, TimeSpan Wall,
    int RememberedPayloads, int RememberedProofs, int OpenConditions, int OpenAsks, long PeakWorkingSetBytes, long ManagedHeapBytes,
    IReadOnlyList<string> FirstErrors, bool RelayOwnCore, bool PeersPinned, double? RelayCpuSeconds)
{
    public bool Complete => Sent == Broadcasts && Received == Broadcasts && Errors == 0 && Latency.Errors == 0;
}
