using System.Net;
using System.Net.Sockets;

namespace GigGossip.Protocol.Peers;

/// <summary>
/// The network group of an address, the unit one operator can cheaply fill: an IPv4 /16, an IPv6 /32 (an IPv4-mapped
/// IPv6 address counts as its IPv4 address), or the host name itself for a name. Loopback addresses are one group
/// ("local") unless <paramref name="localByPort"/> is set, which a machine running several nodes for tests uses to give
/// each local node its own group.
/// </summary>
public static class NetworkGroup
{
    public const string Local = "local";

    /// <summary>The group of a <c>host:port</c> address (IPv6 in brackets) or a bare host.</summary>
    public static string Of(string address, bool localByPort = false)
    {
        var (host, port) = Split(address);
        if (!IPAddress.TryParse(host, out var ip)) return "name:" + host.ToLowerInvariant();
        if (ip.IsIPv4MappedToIPv6) ip = ip.MapToIPv4();
        if (IPAddress.IsLoopback(ip)) return localByPort && port is not null ? $"{Local}:{port}" : Local;
        var bytes = ip.GetAddressBytes();
        return ip.AddressFamily == AddressFamily.InterNetwork
            ? $"4:{bytes[0]}.{bytes[1]}"
            : $"6:{Convert.ToHexStringLower(bytes, 0, 4)}";
    }

    private static (string Host, string? Port) Split(string address)
    {
        if (address.StartsWith('['))
        {
            var close = address.IndexOf(']');
            if (close < 0) return (address, null);
            var rest = address[(close + 1)..];
            return (address[1..close], rest.StartsWith(':') ? rest[1..] : null);
        }
        var colon = address.LastIndexOf(':');
        if (colon < 0 || address.IndexOf(':') != colon) return (address, null);
        return (address[..colon], address[(colon + 1)..]);
    }
}
