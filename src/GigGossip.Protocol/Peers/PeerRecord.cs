using System.Buffers.Binary;
using System.Text;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Peers;

/// <summary>
/// A node's signed statement "I listen at this address, as of this time": what peer exchange carries. Only the node
/// holding the key can make one, so a peer cannot advertise someone else's key at its own address; the timestamp lets
/// a newer record replace an older one and old records age out.
/// </summary>
public sealed record PeerRecord(PublicKey NodeKey, string Address, long TimestampUnixMs, byte[] Signature)
{
    /// <summary>The longest address accepted (a host name of 253 characters, a colon and a port).</summary>
    public const int MaxAddressLength = 260;

    public static PeerRecord Sign(SecretKey key, string address, long timestampUnixMs)
    {
        CheckAddress(address);
        return new PeerRecord(key.PublicKey, address, timestampUnixMs, key.Sign(SignatureTags.PeerRecord, Message(key.PublicKey, address, timestampUnixMs)));
    }

    /// <summary>Whether the record is signed by its key and fresh: not older than <paramref name="maxAgeMs"/> and not more than <paramref name="maxFutureMs"/> ahead of now.</summary>
    public PeerRecordVerdict Check(long nowUnixMs, long maxAgeMs, long maxFutureMs)
    {
        if (!IsWellFormed(Address)) return PeerRecordVerdict.BadAddress;
        if (TimestampUnixMs > nowUnixMs + maxFutureMs) return PeerRecordVerdict.FromTheFuture;
        if (TimestampUnixMs < nowUnixMs - maxAgeMs) return PeerRecordVerdict.Stale;
        return NodeKey.Verify(SignatureTags.PeerRecord, Message(NodeKey, Address, TimestampUnixMs), Signature)
            ? PeerRecordVerdict.Valid
            : PeerRecordVerdict.BadSignature;
    }

    private static byte[] Message(PublicKey key, string address, long timestampUnixMs)
    {
        var text = Encoding.UTF8.GetBytes(address);
        var message = new byte[PublicKey.Length + 8 + text.Length];
        key.Bytes.CopyTo(message);
        BinaryPrimitives.WriteInt64BigEndian(message.AsSpan(PublicKey.Length), timestampUnixMs);
        text.CopyTo(message.AsSpan(PublicKey.Length + 8));
        return message;
    }

    /// <summary>A <c>host:port</c> (IPv6 in brackets) of printable ASCII with a port in 1..65535.</summary>
    public static bool IsWellFormed(string address)
    {
        if (address.Length is 0 or > MaxAddressLength || address.Any(c => c <= ' ' || c > '~')) return false;
        var colon = address.LastIndexOf(':');
        if (colon <= 0 || (address[0] == '[' ? address[colon - 1] != ']' : address.IndexOf(':') != colon)) return false;
        return int.TryParse(address.AsSpan(colon + 1), System.Globalization.NumberStyles.None, null, out var port) && port is >= 1 and <= 65535;
    }

    private static void CheckAddress(string address)
    {
        if (!IsWellFormed(address)) throw new ArgumentException($"address must be host:port of at most {MaxAddressLength} printable characters", nameof(address));
    }
}
