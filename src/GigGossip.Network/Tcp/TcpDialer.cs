using System.Net;
using System.Net.Sockets;
using GigGossip.Network.Noise;

namespace GigGossip.Network.Tcp;

/// <summary>Opens the TCP connection to a peer address, trying each resolved address in turn.</summary>
internal static class TcpDialer
{
    public static async Task<Socket> ConnectAsync(PeerAddress address, TimeSpan timeoutLength, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        var where = $"{address.Host}:{address.Port}";
        try
        {
            var candidates = IPAddress.TryParse(address.Host, out var ip)
                ? [ip]
                : await Dns.GetHostAddressesAsync(address.Host, cancellationToken).ConfigureAwait(false);
            SocketException? last = null;
            foreach (var candidate in candidates)
            {
                var socket = new Socket(candidate.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(candidate, address.Port), cancellationToken).ConfigureAwait(false);
                    return socket;
                }
                catch (SocketException e)
                {
                    socket.Dispose();
                    last = e;
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
            throw new TransportException(TransportFailure.Unreachable, $"cannot connect to {where}: {last?.Message ?? "the host has no addresses"}", last);
        }
        catch (SocketException e)
        {
            throw new TransportException(TransportFailure.Unreachable, $"cannot resolve {address.Host}: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
        {
            throw new TransportException(TransportFailure.Unreachable, $"no answer from {where} within {timeoutLength.TotalSeconds:0.###} s", e);
        }
    }
}
