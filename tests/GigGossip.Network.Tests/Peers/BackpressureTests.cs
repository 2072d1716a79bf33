using GigGossip.Network.Peers;
using GigGossip.Network.Noise;
using GigGossip.Network.Tests.Tcp;
using Microsoft.Extensions.Time.Testing;

namespace GigGossip.Network.Tests.Peers;

/// <summary>A peer that stops reading: TCP buffers fill, then our bounded send queue, then senders wait.</summary>
public sealed class BackpressureTests
{
    private const int FrameLength = 60_000;
    private const int MaxFramesBeforeFull = 2_000; // 120 MB: far more than any loopback socket buffers

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Full_send_queue_makes_the_sender_wait_until_the_peer_reads()
    {
        var time = new FakeTimeProvider();
        await using var pair = await LoopbackPair.ConnectAsync();
        await using var client = PeerConnection.Start(pair.Client, Options(time));
        var (accepted, waiting) = await FillUntilSenderWaits(client);

        var received = 0;
        var drain = Task.Run(async () =>
        {
            for (; received < accepted + 1; received++)
            {
                var message = await pair.Server.ReceiveAsync(Ct);
                Assert.Equal((byte)PeerMessageType.Frame, message[0]);
                Assert.Equal(1 + FrameLength, message.Length);
            }
        }, Ct);

        await waiting.Within();
        await drain.Within();
        Assert.Equal(accepted + 1, received);
        Assert.False(client.IsClosed);
    }

    [Fact]
    public async Task Send_queue_that_stays_full_past_the_limit_drops_the_peer()
    {
        var time = new FakeTimeProvider();
        await using var pair = await LoopbackPair.ConnectAsync();
        await using var client = PeerConnection.Start(pair.Client, Options(time));

        TransportException? dropped = null;
        for (var round = 0; round < 50 && dropped is null; round++)
        {
            // Until the socket buffers are full the writer may still free a slot just before the clock moves;
            // then the waiting send succeeds and we fill again. Once they are full, the wait outlasts the limit.
            var (_, waiting) = await FillUntilSenderWaits(client);
            time.Advance(TimeSpan.FromSeconds(30));
            try
            {
                await waiting.Within();
            }
            catch (TransportException e)
            {
                dropped = e;
            }
        }

        Assert.NotNull(dropped);
        Assert.Equal(TransportFailure.SendQueueFull, dropped.Failure);
        Assert.Equal(TransportFailure.SendQueueFull, (await client.Closed.Within()).Failure);
        var after = await client.SendAsync(new byte[1], Ct).AsTask().FailsWith<TransportException>();
        Assert.Equal(TransportFailure.Closed, after.Failure);
    }

    private static PeerConnectionOptions Options(TimeProvider time) => new()
    {
        SendQueueCapacity = 4,
        SendQueueFullTimeout = TimeSpan.FromSeconds(30),
        PingInterval = Timeout.InfiniteTimeSpan,
        TimeProvider = time,
    };

    /// <summary>
    /// Sends frames to a peer that does not read until one send has to wait (the queue is full); returns how
    /// many were taken before it. A send that dropped or refused frames instead of waiting never gets here.
    /// </summary>
    private static async Task<(int Accepted, Task Waiting)> FillUntilSenderWaits(PeerConnection peer)
    {
        var frame = new byte[FrameLength];
        for (var accepted = 0; accepted < MaxFramesBeforeFull; accepted++)
        {
            var send = peer.SendAsync(frame, Ct);
            if (!send.IsCompleted) return (accepted, send.AsTask());
            await send;
        }
        throw new InvalidOperationException($"the send queue never filled after {MaxFramesBeforeFull} frames");
    }
}
