using System.Net;
using System.Net.Sockets;

namespace GigGossip.Wallet.Tests.Support;

/// <summary>HTTP clients that look like other hosts to a service: their connections leave from another loopback address.</summary>
internal static class LoopbackClients
{
    /// <summary>A client whose connections come from <paramref name="localAddress"/> (e.g. 127.0.0.2), optionally through <paramref name="observer"/>.</summary>
    public static HttpClient From(IPAddress localAddress, Uri baseUri, DelegatingHandler? observer = null)
    {
        var sockets = new SocketsHttpHandler
        {
            ConnectCallback = async (context, ct) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(localAddress, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        if (observer is null) return new HttpClient(sockets) { BaseAddress = baseUri };
        observer.InnerHandler = sockets;
        return new HttpClient(observer) { BaseAddress = baseUri };
    }
}
