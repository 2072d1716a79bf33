using System.Collections.Concurrent;
using System.Diagnostics;
using GigGossip.Network.Peers;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using GigGossip.Protocol.Pow;
using GigGossip.Protocol.Topics;
using Google.Protobuf;

namespace GigGossip.Cli.Load;

/// <summary>
/// The peer that feeds a relay: for each broadcast (a new signed request, made before the clock starts when prepared) it
/// sends AskForBroadcast, waits for the relay's conditions, solves the relay's proof of work and sends the PowBroadcast,
/// noting when (for the latency to the sink).
/// </summary>
internal sealed class RelayDriver : IAsyncDisposable
{
    private readonly PeerConnection _peer;
    private readonly SecretKey _key;
    private readonly SignedCertificate _certificate;
    private readonly PublicKey _relay;
    private readonly ConcurrentDictionary<ByteString, TaskCompletionSource<PowBroadcastConditionsFrame>> _asks = new();
    private readonly ConcurrentQueue<Broadcast> _prepared = new();
    private readonly Task _reader;

    public RelayDriver(PeerConnection peer, SecretKey key, SignedCertificate certificate, PublicKey relay)
    {
        _peer = peer;
        _key = key;
        _certificate = certificate;
        _relay = relay;
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>When each payload (by id) left the driver as a PowBroadcast.</summary>
    public ConcurrentDictionary<ByteString, long> SentAt { get; } = new();

    /// <summary>
    /// Signs up to <paramref name="count"/> requests and seals their onions before the clock starts, so that the measured
    /// run spends the driver's time only on asking, proving and sending; broadcasts beyond them are made as they go.
    /// </summary>
    public void Prepare(int count)
    {
        for (var i = 0; i < count; i++) _prepared.Enqueue(Make());
    }

    /// <summary>Asks, proves and sends one broadcast.</summary>
    public async Task BroadcastAsync(CancellationToken cancellationToken)
    {
        var broadcast = _prepared.TryDequeue(out var made) ? made : Make();
        var answer = new TaskCompletionSource<PowBroadcastConditionsFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _asks[broadcast.AskId] = answer;
        await _peer.SendAsync(FrameCodec.Encode(new Frame { AskForBroadcast = new AskForBroadcastFrame { AskId = broadcast.AskId, SignedRequestPayload = broadcast.Request } }), cancellationToken).ConfigureAwait(false);
        var conditions = await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var target = PowTarget.FromBytes(conditions.WorkRequest.PowTarget.Span);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var nonce = PowSolver.Solve(new PowWorkUnit(Protocol.Pow.ProofOfWork.PayloadDigest(broadcast.AskId.Span, target, broadcast.Payload), _relay, timestamp), target, 1, cancellationToken);
        SentAt[broadcast.PayloadId] = Stopwatch.GetTimestamp();
        await _peer.SendAsync(FrameCodec.Encode(new Frame
        {
            PowBroadcast = new PowBroadcastFrame
            {
                AskId = broadcast.AskId,
                BroadcastPayload = ByteString.CopyFrom(broadcast.Payload),
                ProofOfWork = new Protocol.Frames.ProofOfWork { PowScheme = conditions.WorkRequest.PowScheme, TimestampUnixMs = timestamp, Nonce = nonce },
            },
        }), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A new signed request (valid ten minutes) and the broadcast payload carrying it with the driver's onion.</summary>
    private Broadcast Make()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var topic = new Topic { Taxi = new TaxiTopic { FromGeohash = "u33dc0", ToGeohash = "u33dc1", PickupAfterUnixMs = now, PickupBeforeUnixMs = now + 600_000, DistanceM = 1_000 } };
        var request = SignedRequests.Create(topic, _certificate, _key, now + 600_000);
        var onion = FixedSizeOnion.Grow(FixedSizeOnion.Start(_key.PublicKey), _key.PublicKey, _relay);
        var payload = new BroadcastPayload { SignedRequestPayload = request, FixedBackwardOnion = ByteString.CopyFrom(onion) }.ToByteArray();
        return new Broadcast(FrameIds.New(), request, payload, RequestPayload.Parser.ParseFrom(request.RequestPayload).PayloadId);
    }

    private async Task ReadAsync()
    {
        await foreach (var bytes in _peer.Frames.ReadAllAsync().ConfigureAwait(false))
        {
            var frame = FrameCodec.Decode(bytes);
            if (frame.PowBroadcastConditions is { } conditions && _asks.TryRemove(conditions.AskId, out var answer)) answer.TrySetResult(conditions);
        }
        foreach (var pending in _asks.Values) pending.TrySetException(new InvalidOperationException("the relay closed the driver's connection"));
    }

    public async ValueTask DisposeAsync()
    {
        await _peer.DisposeAsync().ConfigureAwait(false);
        await _reader.ConfigureAwait(false);
    }

    private sealed record Broadcast(ByteString AskId, SignedRequestPayload Request, byte[] Payload, ByteString PayloadId);
}

/// <summary>
/// The peer a relay forwards to: it answers every AskForBroadcast with conditions any hash meets and no fee, and counts
/// the PowBroadcasts that arrive, each with its latency from the driver into the latencies of the phase (warm-up or
/// measured run) it arrived in.
/// </summary>
internal sealed class RelaySink : IAsyncDisposable
{
    private readonly PeerConnection _peer;
    private readonly RelayDriver _driver;
    private readonly Task _reader;
    private Phase _phase = new(int.MaxValue, new Latencies("before any phase"));
    private int _received;

    public RelaySink(PeerConnection peer, RelayDriver driver)
    {
        _peer = peer;
        _driver = driver;
        _reader = Task.Run(ReadAsync);
    }

    public int Received => Volatile.Read(ref _received);

    /// <summary>
    /// Starts a phase: what arrives from now on is timed into <paramref name="latencies"/>; the task completes when
    /// <paramref name="total"/> broadcasts have arrived since the start, and fails if the relay closes the connection.
    /// </summary>
    public Task ExpectAsync(int total, Latencies latencies)
    {
        var phase = new Phase(total, latencies);
        Volatile.Write(ref _phase, phase);
        if (Received >= total) phase.Done.TrySetResult();
        return phase.Done.Task;
    }

    private sealed record Phase(int Total, Latencies Latencies)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private async Task ReadAsync()
    {
        var anyHash = ByteString.CopyFrom(PowTarget.FromLeadingZeroBits(0).Bytes);
        await foreach (var bytes in _peer.Frames.ReadAllAsync().ConfigureAwait(false))
        {
            var frame = FrameCodec.Decode(bytes);
            if (frame.AskForBroadcast is { } ask)
            {
                await _peer.SendAsync(FrameCodec.Encode(new Frame
                {
                    PowBroadcastConditions = new PowBroadcastConditionsFrame
                    {
                        AskId = ask.AskId,
                        ValidTillUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 60_000,
                        WorkRequest = new WorkRequest { PowScheme = "sha256", PowTarget = anyHash },
                        TimestampToleranceMs = 60_000,
                        RoutingFeeMsat = 0,
                    },
                })).ConfigureAwait(false);
            }
            else if (frame.PowBroadcast is { } broadcast)
            {
                var request = frame.PowBroadcast.ReadBroadcastPayload().SignedRequestPayload;
                var payloadId = RequestPayload.Parser.ParseFrom(request.RequestPayload).PayloadId;
                var phase = Volatile.Read(ref _phase);
                if (_driver.SentAt.TryGetValue(payloadId, out var sentAt)) phase.Latencies.Add(Stopwatch.GetElapsedTime(sentAt));
                else phase.Latencies.Fail($"a broadcast the driver did not send: {Convert.ToHexStringLower(broadcast.AskId.Span)}");
                if (Interlocked.Increment(ref _received) >= phase.Total) phase.Done.TrySetResult();
            }
        }
        Volatile.Read(ref _phase).Done.TrySetException(new InvalidOperationException("the relay closed the sink's connection"));
    }

    public async ValueTask DisposeAsync()
    {
        await _peer.DisposeAsync().ConfigureAwait(false);
        await _reader.ConfigureAwait(false);
    }
}
