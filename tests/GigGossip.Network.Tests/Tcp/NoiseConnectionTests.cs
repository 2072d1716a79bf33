using GigGossip.Network.Tcp;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Network.Tests.Tcp;

public sealed class NoiseConnectionTests
{
    private const int MessagesEachWay = 2500;

    [Fact]
    public async Task Handshake_authenticates_both_node_keys()
    {
        await using var pair = await LoopbackPair.ConnectAsync();

        Assert.Equal(pair.ServerKey.PublicKey, pair.Client.RemoteNodeId);
        Assert.Equal(pair.ClientKey.PublicKey, pair.Server.RemoteNodeId);
        Assert.Equal(pair.ClientKey.CompressedPublicKey, pair.Server.RemoteStaticKey.ToArray());
        Assert.True(pair.Client.IsInitiator);
        Assert.False(pair.Server.IsInitiator);
    }

    [Fact]
    public async Task Messages_2500_each_way_arrive_intact_across_key_rotations()
    {
        await using var pair = await LoopbackPair.ConnectAsync();

        await Task.WhenAll(
            SendAll(pair.Client, seed: 1),
            ReceiveAll(pair.Server, seed: 1),
            SendAll(pair.Server, seed: 2),
            ReceiveAll(pair.Client, seed: 2)).Within();
    }

    [Fact]
    public async Task Peer_closing_between_messages_is_reported_as_peer_closed()
    {
        await using var pair = await LoopbackPair.ConnectAsync();
        await pair.Client.SendAsync(new byte[] { 1, 2, 3 }, TestContext.Current.CancellationToken).Within();
        await pair.Client.DisposeAsync();

        Assert.Equal(new byte[] { 1, 2, 3 }, await pair.Server.ReceiveAsync(TestContext.Current.CancellationToken).Within());
        var error = await pair.Server.ReceiveAsync(TestContext.Current.CancellationToken).FailsWith<TransportException>();
        Assert.Equal(TransportFailure.PeerClosed, error.Failure);
        Assert.True(pair.Server.IsClosed);
    }

    [Fact]
    public async Task Closed_connection_refuses_further_use()
    {
        await using var pair = await LoopbackPair.ConnectAsync();
        await pair.Client.DisposeAsync();

        var error = await pair.Client.SendAsync(new byte[] { 1 }, TestContext.Current.CancellationToken).FailsWith<TransportException>();
        Assert.Equal(TransportFailure.Closed, error.Failure);
    }

    [Fact]
    public async Task Message_above_the_configured_limit_is_not_sent()
    {
        await using var pair = await LoopbackPair.ConnectAsync(clientOptions: new NoiseConnectionOptions { MaxMessageLength = 100 });

        await Assert.ThrowsAsync<ArgumentException>(() => pair.Client.SendAsync(new byte[101], TestContext.Current.CancellationToken));
        Assert.False(pair.Client.IsClosed);
    }

    [Fact]
    public async Task Cancelling_a_receive_in_progress_drops_the_connection()
    {
        await using var pair = await LoopbackPair.ConnectAsync();
        using var cancel = new CancellationTokenSource();

        var receive = pair.Server.ReceiveAsync(cancel.Token);
        cancel.Cancel();

        var error = await receive.FailsWith<TransportException>();
        Assert.Equal(TransportFailure.Closed, error.Failure);
        Assert.True(pair.Server.IsClosed);
    }

    [Fact]
    public async Task Initiator_over_an_already_open_stream_reaches_the_listener()
    {
        var serverKey = SecretKey.Generate();
        var clientKey = SecretKey.Generate();
        await using var listener = NoiseListener.Start(serverKey);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(listener.LocalEndPoint, TestContext.Current.CancellationToken).Within();

        await using var client = await NoiseConnection.InitiateAsync(tcp.GetStream(), clientKey, serverKey.CompressedPublicKey, cancellationToken: TestContext.Current.CancellationToken).Within();
        await using var server = await listener.AcceptAsync(TestContext.Current.CancellationToken).Within();
        await client.SendAsync(new byte[] { 7 }, TestContext.Current.CancellationToken).Within();

        Assert.Equal(new byte[] { 7 }, await server.ReceiveAsync(TestContext.Current.CancellationToken).Within());
        Assert.Equal(clientKey.PublicKey, server.RemoteNodeId);
    }

    [Fact]
    public async Task Stopped_listener_refuses_to_accept()
    {
        var listener = NoiseListener.Start(SecretKey.Generate());
        await listener.DisposeAsync();

        var error = await listener.AcceptAsync(TestContext.Current.CancellationToken).FailsWith<TransportException>();
        Assert.Equal(TransportFailure.Closed, error.Failure);
    }

    private static async Task SendAll(NoiseConnection connection, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < MessagesEachWay; i++)
            await connection.SendAsync(Message(random, i), TestContext.Current.CancellationToken);
    }

    private static async Task ReceiveAll(NoiseConnection connection, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < MessagesEachWay; i++)
            Assert.Equal(Message(random, i), await connection.ReceiveAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Mostly small messages, with the empty message and the 65535-byte maximum among them.</summary>
    private static byte[] Message(Random random, int index)
    {
        var length = index switch
        {
            0 => 0,
            1 => NoiseProtocol.MaxMessageLength,
            _ when index % 100 == 0 => random.Next(1, NoiseProtocol.MaxMessageLength + 1),
            _ => random.Next(1, 2048),
        };
        var message = new byte[length];
        random.NextBytes(message);
        return message;
    }
}
