using GigGossip.Hosting;
namespace GigGossip.Node.Config;

/// <summary>The node config file as JSON (camelCase); <see cref="NodeConfig.Load"/> checks every field.</summary>
internal sealed class NodeConfigFile
{
    public string? DataDir { get; set; }
    public string? KeyFile { get; set; }
    public string? CertificateFile { get; set; }
    public string? ListenAddress { get; set; }
    public int? ListenPort { get; set; }
    public int? ControlPort { get; set; }
    public List<string?>? Peers { get; set; }
    public List<string?>? Bootstrap { get; set; }
    public DiscoverySection? Discovery { get; set; }
    public WalletSection? Wallet { get; set; }
    public List<SettlerSection?>? TrustedSettlers { get; set; }
    public string? WorkSettler { get; set; }
    public WorkSection? Work { get; set; }
    public PolicySection? Policy { get; set; }
    public SenderSection? Sender { get; set; }
    public int? MaxBadFrames { get; set; }
    public int? MaxRejectedFrames { get; set; }
    public int? HandshakeTimeoutSeconds { get; set; }
    public int? MaxPendingHandshakesPerAddress { get; set; }
    public int? DroppedPeerCooloffSeconds { get; set; }
    public int? TrustRefreshSeconds { get; set; }

    internal sealed class WalletSection : WalletSectionFields
    {
        public string? AccountKeyFile { get; set; }
    }

    internal sealed class DiscoverySection
    {
        public bool? Enabled { get; set; }
        public int? OutboundPeers { get; set; }
        public int? MaxInbound { get; set; }
        public int? Anchors { get; set; }
        public int? TickSeconds { get; set; }
        public int? ExchangeSeconds { get; set; }
        public bool? Scoring { get; set; }
        public string? AdvertiseAddress { get; set; }
        public bool? LocalGroupsByPort { get; set; }
    }

    internal sealed class SettlerSection
    {
        public string? Uri { get; set; }
        public string? PublicKey { get; set; }
    }

    internal sealed class WorkSection
    {
        public string? Area { get; set; }
        public long? PriceSats { get; set; }
        public string? Contact { get; set; }
    }

    internal sealed class PolicySection
    {
        public int? PowLeadingZeroBits { get; set; }
        public int? MaxPowLeadingZeroBitsAccepted { get; set; }
        public int? StampBits { get; set; }
        public long? TimestampToleranceMs { get; set; }
        public long? AskValidityMs { get; set; }
        public long? RoutingFeeMsat { get; set; }
        public long? MaxRoutingFeeMsatAccepted { get; set; }
        public int? Fanout { get; set; }
        public int? Multibroadcast { get; set; }
        public int? MaxGeohashPrecision { get; set; }
        public long? InvoiceExpiryMs { get; set; }
        public long? HoldDeltaMs { get; set; }
        public long? SettlerPollMs { get; set; }
        public long? MemoryWindowMs { get; set; }
    }

    internal sealed class SenderSection
    {
        public long? MaxNetworkFeeMsat { get; set; }
        public long? MaxPriceMsat { get; set; }
        public bool? AutoAcceptBestOffer { get; set; }
        public long? ReplyHoldMs { get; set; }
        public long? NetworkHoldMs { get; set; }
        public Dictionary<string, string[]?>? RequiredProperties { get; set; }
    }
}
