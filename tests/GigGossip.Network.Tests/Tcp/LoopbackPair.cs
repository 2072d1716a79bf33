using GigGossip.Network.Tcp;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Network.Tests.Tcp;

/// <summary>A listener on 127.0.0.1 (free port) and one handshaken connection to it.</summary>
internal sealed class LoopbackPair : IAsyncDisposable
{
    private LoopbackPair(NoiseListener listener, NoiseConnection client, NoiseConnection server, SecretKey clientKey, SecretKey serverKey)
    {
        Listener = listener;
        Client = client;
        Server = server;
        ClientKey = clientKey;
        ServerKey = serverKey;
    }

    public NoiseListener Listener { get; }
    public NoiseConnection Client { get; }
    public NoiseConnection Server { get; }
    public SecretKey ClientKey { get; }
    public SecretKey ServerKey { get; }

    public static async Task<LoopbackPair> ConnectAsync(NoiseConnectionOptions? serverOptions = null, NoiseConnectionOptions? clientOptions = null)
    {
        var serverKey = SecretKey.Generate();
        var clientKey = SecretKey.Generate();
        var listener = NoiseListener.Start(serverKey, options: serverOptions);
        var client = await NoiseConnection.ConnectAsync(listener.Address, clientKey, clientOptions, TestContext.Current.CancellationToken).Within();
        var server = await listener.AcceptAsync(TestContext.Current.CancellationToken).Within();
        return new LoopbackPair(listener, client, server, clientKey, serverKey);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
        await Listener.DisposeAsync();
    }
}
