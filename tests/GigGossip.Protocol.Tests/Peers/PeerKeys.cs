using System.Security.Cryptography;
using System.Text;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Tests.Peers;

/// <summary>Deterministic node keys and signed records for the peer tests.</summary>
internal static class PeerKeys
{
    public const long Now = 1_780_000_000_000;

    public static SecretKey Key(string name) => SecretKey.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes("peer-test/" + name)));

    public static GigGossip.Protocol.Peers.PeerRecord Record(string name, string address, long at = Now) =>
        GigGossip.Protocol.Peers.PeerRecord.Sign(Key(name), address, at);
}
