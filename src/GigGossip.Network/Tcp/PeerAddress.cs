using System.Globalization;
using GigGossip.Network.Noise;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Network.Tcp;

/// <summary>
/// Where a node listens and which key it proves in the handshake: <c>pubkey@host:port</c>, the pubkey
/// as 66 hex digits (compressed) or 64 hex digits (x-only, meaning 02||x, the key our nodes use).
/// IPv6 hosts go in brackets: <c>pubkey@[::1]:9735</c>.
/// </summary>
public sealed class PeerAddress : IEquatable<PeerAddress>
{
    private readonly byte[] _staticKey;

    public PeerAddress(ReadOnlySpan<byte> staticKey, string host, int port)
    {
        if (!NoiseHandshake.IsCompressedKey(staticKey)) throw new ArgumentException("the static key must be a 33-byte compressed secp256k1 point", nameof(staticKey));
        if (string.IsNullOrWhiteSpace(host) || Uri.CheckHostName(host) == UriHostNameType.Unknown) throw new ArgumentException($"'{host}' is not a host name or IP address", nameof(host));
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        _staticKey = staticKey.ToArray();
        Host = host;
        Port = port;
    }

    /// <summary>An address for one of our nodes, whose compressed key is 02||x.</summary>
    public PeerAddress(PublicKey nodeId, string host, int port) : this([0x02, .. nodeId.Bytes], host, port)
    {
    }

    /// <summary>The node's 33-byte compressed static key, as mixed into the handshake.</summary>
    public ReadOnlySpan<byte> StaticKey => _staticKey;

    /// <summary>The node's x-only identity (the same for 02||x and 03||x).</summary>
    public PublicKey NodeId => PublicKey.FromBytes(_staticKey.AsSpan(1));

    public string Host { get; }

    public int Port { get; }

    /// <exception cref="InvalidPeerAddressException">The text is not <c>pubkey@host:port</c>.</exception>
    public static PeerAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@');
        if (at < 0) throw new InvalidPeerAddressException(text, "missing '@' between the public key and the host");
        var staticKey = ParseKey(text, text[..at].Trim());
        var (host, port) = ParseEndPoint(text, text[(at + 1)..].Trim());
        return new PeerAddress(staticKey, host, port);
    }

    public static bool TryParse(string? text, out PeerAddress? address)
    {
        address = null;
        if (text is null) return false;
        try
        {
            address = Parse(text);
            return true;
        }
        catch (InvalidPeerAddressException)
        {
            return false;
        }
    }

    public override string ToString()
    {
        var host = Host.Contains(':') ? $"[{Host}]" : Host;
        return $"{Convert.ToHexStringLower(_staticKey)}@{host}:{Port.ToString(CultureInfo.InvariantCulture)}";
    }

    public bool Equals(PeerAddress? other) =>
        other is not null && _staticKey.AsSpan().SequenceEqual(other._staticKey) && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase) && Port == other.Port;

    public override bool Equals(object? obj) => Equals(obj as PeerAddress);

    public override int GetHashCode() => HashCode.Combine(BitConverter.ToInt32(_staticKey, 1), StringComparer.OrdinalIgnoreCase.GetHashCode(Host), Port);

    private static byte[] ParseKey(string text, string hex)
    {
        if (hex.Length is not (64 or 66)) throw new InvalidPeerAddressException(text, $"the public key has {hex.Length} hex digits");
        byte[] bytes;
        try { bytes = Convert.FromHexString(hex); }
        catch (FormatException) { throw new InvalidPeerAddressException(text, "the public key is not hex"); }
        if (bytes.Length == 32) bytes = [0x02, .. bytes];
        if (!NoiseHandshake.IsCompressedKey(bytes)) throw new InvalidPeerAddressException(text, "the public key is not a point on secp256k1");
        return bytes;
    }

    private static (string Host, int Port) ParseEndPoint(string text, string endPoint)
    {
        string host;
        string port;
        if (endPoint.StartsWith('['))
        {
            var close = endPoint.IndexOf(']');
            if (close < 0 || close + 1 >= endPoint.Length || endPoint[close + 1] != ':') throw new InvalidPeerAddressException(text, "an IPv6 host must look like [::1]:port");
            host = endPoint[1..close];
            port = endPoint[(close + 2)..];
            if (Uri.CheckHostName(host) != UriHostNameType.IPv6) throw new InvalidPeerAddressException(text, $"'{host}' is not an IPv6 address");
        }
        else
        {
            var colon = endPoint.LastIndexOf(':');
            if (colon < 0) throw new InvalidPeerAddressException(text, "missing ':port'");
            host = endPoint[..colon];
            port = endPoint[(colon + 1)..];
            if (host.Length == 0) throw new InvalidPeerAddressException(text, "missing host");
            if (host.Contains(':')) throw new InvalidPeerAddressException(text, "put an IPv6 host in brackets: [::1]:port");
            if (Uri.CheckHostName(host) == UriHostNameType.Unknown) throw new InvalidPeerAddressException(text, $"'{host}' is not a host name or IP address");
        }
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
            throw new InvalidPeerAddressException(text, $"'{port}' is not a port (1-65535)");
        return (host, number);
    }
}
