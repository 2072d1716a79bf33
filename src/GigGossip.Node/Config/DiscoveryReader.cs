using GigGossip.Network.Peers;
using GigGossip.Network.Tcp;
using GigGossip.Node.Peering;
using GigGossip.Protocol.Peers;

namespace GigGossip.Node.Config;

/// <summary>
/// Reads <c>bootstrap</c> (addresses <c>pubkey@host:port</c>) and the <c>discovery</c> section. Discovery is on when
/// <c>bootstrap</c> lists an address or <c>discovery.enabled</c> is true, and off when <c>discovery.enabled</c> is false.
/// </summary>
internal static class DiscoveryReader
{
    public const int MaxBootstrap = 64;

    public static PeerDiscoveryOptions? Read(List<string?>? bootstrap, NodeConfigFile.DiscoverySection? section)
    {
        var addresses = Addresses(bootstrap);
        var enabled = section?.Enabled ?? (addresses.Count > 0 || section is not null);
        if (!enabled) return null;
        var s = section ?? new();
        var defaults = new PeerManagerOptions();
        var outbound = (int)NodeConfigReader.Range(s.OutboundPeers, "discovery.outboundPeers", 1, 64, defaults.OutboundQuota);
        var manager = defaults with
        {
            OutboundQuota = outbound,
            MaxInbound = (int)NodeConfigReader.Range(s.MaxInbound, "discovery.maxInbound", 0, 1_000, defaults.MaxInbound),
            Anchors = (int)NodeConfigReader.Range(s.Anchors, "discovery.anchors", 0, outbound, Math.Min(defaults.Anchors, outbound)),
            TickIntervalMs = 1000 * NodeConfigReader.Range(s.TickSeconds, "discovery.tickSeconds", 1, 3_600, defaults.TickIntervalMs / 1000),
            ExchangeIntervalMs = 1000 * NodeConfigReader.Range(s.ExchangeSeconds, "discovery.exchangeSeconds", 1, 86_400, defaults.ExchangeIntervalMs / 1000),
        };
        return new PeerDiscoveryOptions
        {
            Bootstrap = addresses,
            Manager = manager,
            Book = new AddressBookOptions { LocalGroupsByPort = s.LocalGroupsByPort ?? false },
            AdvertisedAddress = Advertised(s.AdvertiseAddress),
        };
    }

    private static List<PeerAddress> Addresses(List<string?>? bootstrap)
    {
        var addresses = new List<PeerAddress>();
        if (bootstrap is null) return addresses;
        if (bootstrap.Count > MaxBootstrap) throw new ConfigException("bootstrap", $"lists {bootstrap.Count} addresses; at most {MaxBootstrap}");
        for (var i = 0; i < bootstrap.Count; i++)
        {
            var field = $"bootstrap[{i}]";
            PeerAddress address;
            try
            {
                address = PeerAddress.Parse(NodeConfigReader.Required(bootstrap[i], field));
            }
            catch (InvalidPeerAddressException e)
            {
                throw new ConfigException(field, e.Message, e);
            }
            if (addresses.Any(a => a.NodeId.Equals(address.NodeId))) throw new ConfigException(field, $"lists node {address.NodeId} twice");
            addresses.Add(address);
        }
        return addresses;
    }

    private static string? Advertised(string? text)
    {
        if (text is null) return null;
        return PeerRecord.IsWellFormed(text) ? text
            : throw new ConfigException("discovery.advertiseAddress", $"'{text}' is not host:port (IPv6 in brackets, printable ASCII, at most {PeerRecord.MaxAddressLength} characters, port 1-65535)");
    }
}
