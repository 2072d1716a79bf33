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
/// The peer that feeds a relay: for each broadcast it signs a new request, sends AskForBroadcast, waits for the relay's
/// conditions, solves the relay's proof of work and sends the PowBroadcast, noting when (for the latency to the sink).
/// </summary>
internal sealed class RelayDriver : IAsyncDisposable
{
    private readonly PeerConnection _peer;
    private readonly SecretKey _key;
    private readonly SignedCertificate _certificate;
    private readonly PublicKey _relay;
    private readonly ConcurrentDictionary<ByteString, TaskCompletionSource<PowBroadcastConditionsFrame>> _asks = new();
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

    /// <summary>Asks, proves and sends one broadcast.</summary>
    public async Task BroadcastAsync(CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var topic = new Topic { Taxi = new TaxiTopic { FromGeohash = "u33dc0", ToGeohash = "u33dc1", PickupAfterUnixMs = now, PickupBeforeUnixMs = now + 600_000, DistanceM = 1_000 } };
        var request = SignedRequests.Create(topic, _certificate, _key, now + 600_000);
        var askId = FrameIds.New();
        var answer = new TaskCompletionSource<PowBroadcastConditionsFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        _asks[askId] = answer;
        await _peer.SendAsync(FrameCodec.Encode(new Frame { AskForBroadcast = new AskForBroadcastFrame { AskId = askId, SignedRequestPayload = request } }), cancellationToken).ConfigureAwait(false);
        var conditions = await answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var onion = FixedSizeOnion.Grow(FixedSizeOnion.Start(_key.PublicKey), _key.PublicKey, _relay);
        var payload = new BroadcastPayload { SignedRequestPayload = request, FixedBackwardOnion = ByteString.CopyFrom(onion) }.ToByteArray();
        var target = PowTarget.FromBytes(conditions.WorkRequest.PowTarget.Span);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var nonce = PowSolver.Solve(new PowWorkUnit(Protocol.Pow.ProofOfWork.PayloadDigest(askId.Span, target, payload), _relay, timestamp), target, 1, cancellationToken);
        SentAt[RequestPayload.Parser.ParseFrom(request.RequestPayload).PayloadId] = Stopwatch.GetTimestamp();
        await _peer.SendAsync(FrameCodec.Encode(new Frame
        {
            PowBroadcast = new PowBroadcastFrame
            {
                AskId = askId,
                BroadcastPayload = ByteString.CopyFrom(payload),
                ProofOfWork = new Protocol.Frames.ProofOfWork { PowScheme = conditions.WorkRequest.PowScheme, TimestampUnixMs = timestamp, Nonce = nonce },
            },
        }), cancellationToken).ConfigureAwait(false);
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
}

/// <summary>
/// The peer a relay forwards to: it answers every AskForBroadcast with conditions any hash meets and no fee, and counts
/// the PowBroadcasts that arrive, each with its latency from the driver.
/// </summary>
internal sealed class RelaySink : IAsyncDisposable
{
    private readonly PeerConnection _peer;
    private readonly RelayDriver _driver;
    private readonly Latencies _latencies;
    private readonly int _expected;
    private readonly Task _reader;
    private int _received;

    public RelaySink(PeerConnection peer, RelayDriver driver, Latencies latencies, int expected)
    {
        _peer = peer;
        _driver = driver;
        _latencies = latencies;
        _expected = expected;
        _reader = Task.Run(ReadAsync);
    }

    public int Received => Volatile.Read(ref _received);

    /// <summary>Completes when the expected number of broadcasts has arrived.</summary>
    public TaskCompletionSource AllReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
                if (_driver.SentAt.TryGetValue(payloadId, out var sentAt)) _latencies.Add(Stopwatch.GetElapsedTime(sentAt));
                else _latencies.Fail($"a broadcast the driver did not send: {Convert.ToHexStringLower(broadcast.AskId.Span)}");
                if (Interlocked.Increment(ref _received) == _expected) AllReceived.TrySetResult();
            }
        }
        AllReceived.TrySetException(new InvalidOperationException("the relay closed the sink's connection"));
    }

    public async ValueTask DisposeAsync()
    {
        await _peer.DisposeAsync().ConfigureAwait(false);
        await _reader.ConfigureAwait(false);
    }
}
