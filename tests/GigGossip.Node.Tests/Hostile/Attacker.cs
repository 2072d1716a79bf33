using GigGossip.Network.Peers;
using GigGossip.Network.Tcp;
using GigGossip.Network.Noise;
using GigGossip.Node.Control;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Onion;
using GigGossip.Protocol.Pow;
using Google.Protobuf;

namespace GigGossip.Node.Tests.Hostile;

/// <summary>
/// A peer that speaks BOLT 8 and our frames correctly but abuses the protocol: it holds a real certificate from the
/// trusted settler (the worst case: an insider), signs as many requests as it likes, floods asks and sends proofs of
/// work that are wrong, stale or replayed. Its requests are for an area no test driver serves, so they stay gossip.
/// </summary>
internal sealed class Attacker : IAsyncDisposable
{
    private readonly PeerConnection _peer;
    private readonly SignedCertificate _certificate;
    private readonly TimeProvider _time;
    private readonly Task _reader;

    private Attacker(SecretKey key, SignedCertificate certificate, PeerConnection peer, TimeProvider time)
    {
        Key = key;
        _certificate = certificate;
        _peer = peer;
        _time = time;
        _reader = Task.Run(ReadAsync);
    }

    public SecretKey Key { get; }

    /// <summary>Every frame the node sent us.</summary>
    public AsyncLog<Frame> Received { get; } = new();

    /// <summary>Completes with the reason when the node closes the connection.</summary>
    public Task Closed => _peer.Closed;

    /// <summary>A new certified key, connected to <paramref name="node"/> (waits until the node has it as a peer).</summary>
    public static async Task<Attacker> ConnectAsync(TestNetwork net, TestNode node)
    {
        var key = SecretKey.Generate();
        var certificate = await net.Settler.CertifyAsync(key.PublicKey, new Dictionary<string, byte[]> { ["driving_licence"] = [1] });
        var attacker = await DialAsync(net, node, key, certificate);
        await node.Events.WaitForAsync<Hosting.PeerUp>(p => p.Peer.Equals(key.PublicKey), cancellationToken: TestContext.Current.CancellationToken).Within();
        return attacker;
    }

    /// <summary>The same key dialling the node again (the handshake completes; whether the node keeps it is up to the node).</summary>
    public Task<Attacker> RedialAsync(TestNetwork net, TestNode node) => DialAsync(net, node, Key, _certificate);

    private static async Task<Attacker> DialAsync(TestNetwork net, TestNode node, SecretKey key, SignedCertificate certificate)
    {
        var connection = await NoiseConnection.ConnectAsync(node.Host.Address, key, cancellationToken: TestContext.Current.CancellationToken);
        return new Attacker(key, certificate, PeerConnection.Start(connection), net.Time);
    }

    private long NowMs => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>A freshly signed request (new payload id, valid five minutes) for a ride in Berlin, which no test driver serves.</summary>
    public SignedRequestPayload NewRequest()
    {
        var (topic, _) = TaxiTopics.Build(new TaxiRequestBody("u33dc0", "u33dc1", 600), NowMs, 7);
        return SignedRequests.Create(topic, _certificate, Key, NowMs + 300_000);
    }

    public static Frame Ask(ByteString askId, SignedRequestPayload request) =>
        new() { AskForBroadcast = new AskForBroadcastFrame { AskId = askId, SignedRequestPayload = request } };

    /// <summary>Sends a frame; false once the node has closed the connection.</summary>
    public async Task<bool> TrySendAsync(Frame frame)
    {
        try
        {
            await _peer.SendAsync(FrameCodec.Encode(frame), TestContext.Current.CancellationToken);
            return true;
        }
        catch (TransportException)
        {
            return false;
        }
    }

    /// <summary>Asks to broadcast <paramref name="request"/> and waits for the node's conditions.</summary>
    public async Task<PowBroadcastConditionsFrame> AskAsync(SignedRequestPayload request)
    {
        var askId = FrameIds.New();
        Assert.True(await TrySendAsync(Ask(askId, request)));
        var answer = await Received.WaitForAsync(f => f.PowBroadcastConditions?.AskId == askId);
        return answer[0].PowBroadcastConditions;
    }

    /// <summary>The payload a first hop sends: the request and a fixed-size backward onion (its slots sealed to a stranger: the relay only checks its size).</summary>
    public static byte[] Payload(SignedRequestPayload request) =>
        new BroadcastPayload { SignedRequestPayload = request, FixedBackwardOnion = ByteString.CopyFrom(FixedSizeOnion.Start(Protocol.Crypto.SecretKey.Generate().PublicKey)) }.ToByteArray();

    /// <summary>
    /// A PowBroadcast answering <paramref name="conditions"/> with a proof stamped <paramref name="timestampUnixMs"/>:
    /// solved properly when <paramref name="valid"/>, otherwise with a nonce whose hash is above the target.
    /// </summary>
    public Frame Proof(PowBroadcastConditionsFrame conditions, byte[] payload, long timestampUnixMs, PublicKey middleman, bool valid = true)
    {
        var target = PowTarget.FromBytes(conditions.WorkRequest.PowTarget.Span);
        var digest = Protocol.Pow.ProofOfWork.PayloadDigest(conditions.AskId.Span, target, payload);
        var nonce = valid ? PowSolver.Solve(new PowWorkUnit(digest, middleman, timestampUnixMs), target, 1, TestContext.Current.CancellationToken) : WrongNonce(digest, middleman, timestampUnixMs, target);
        return new Frame
        {
            PowBroadcast = new PowBroadcastFrame
            {
                AskId = conditions.AskId,
                BroadcastPayload = ByteString.CopyFrom(payload),
                ProofOfWork = new Protocol.Frames.ProofOfWork { PowScheme = conditions.WorkRequest.PowScheme, TimestampUnixMs = timestampUnixMs, Nonce = nonce },
            },
        };
    }

    private static ulong WrongNonce(byte[] digest, PublicKey middleman, long timestampUnixMs, PowTarget target)
    {
        ulong nonce = 0;
        while (Protocol.Pow.ProofOfWork.Verify(digest, middleman, timestampUnixMs, nonce, target, timestampUnixMs, 0) != PowVerdict.HashAboveTarget) nonce++;
        return nonce;
    }

    private async Task ReadAsync()
    {
        await foreach (var bytes in _peer.Frames.ReadAllAsync())
            Received.Add(FrameCodec.Decode(bytes));
    }

    public async ValueTask DisposeAsync()
    {
        await _peer.DisposeAsync();
        await _reader;
    }
}
