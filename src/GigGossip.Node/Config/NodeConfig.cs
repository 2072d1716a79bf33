using GigGossip.Hosting;
using System.Net;
using GigGossip.Network.Tcp;
using GigGossip.Node.Hosting;
using GigGossip.Node.State;
using GigGossip.Payments;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using Google.Protobuf;
using Microsoft.Extensions.Logging;

namespace GigGossip.Node.Config;

/// <summary>
/// A node's checked config: where its files are, where it listens, its peers, wallet, trusted settlers, work and
/// policy. Relative paths in the file are relative to the file's directory. <see cref="Load"/> reads one.
/// </summary>
public sealed record NodeConfig
{
    public required string DataDirectory { get; init; }
    public required string KeyFile { get; init; }
    public required string CertificateFile { get; init; }
    public required IPEndPoint Listen { get; init; }
    public required int ControlPort { get; init; }
    public required IReadOnlyList<PeerAddress> Peers { get; init; }

    /// <summary>Peer discovery (<c>bootstrap</c> and <c>discovery</c> in the file), or null when off (only the configured <see cref="Peers"/>).</summary>
    public Peering.PeerDiscoveryOptions? Discovery { get; init; }
    public required Uri WalletUrl { get; init; }

    /// <summary>The node's own LND as its wallet (<c>"kind": "lnd"</c>), or null for the wallet service at <see cref="WalletUrl"/>.</summary>
    public LndWalletConfig? WalletLnd { get; init; }

    /// <summary>An on-chain HTLC wallet (<c>"kind": "htlc"</c>), or null.</summary>
    public HtlcWalletConfig? WalletHtlc { get; init; }

    /// <summary>The key file of the node's wallet account: the node key file unless the config names another.</summary>
    public required string WalletKeyFile { get; init; }
    public required IReadOnlyList<TrustedSettlerAddress> TrustedSettlers { get; init; }
    /// <summary>Trusted settlers the config names by URI only: their keys are fetched and pinned on first use (<see cref="SettlerPins"/>).</summary>
    public IReadOnlyList<string> SettlersToPin { get; init; } = [];

    /// <summary>Where the keys of <see cref="SettlersToPin"/> are pinned: <c>DATADIR/settler-keys.json</c>.</summary>
    public string PinFile => Path.Combine(DataDirectory, "settler-keys.json");

    public string? WorkSettlerUri { get; init; }
    public TaxiWork? Work { get; init; }
    public required NodePolicy Policy { get; init; }
    public required SenderPolicy Sender { get; init; }
    public required int MaxBadFrames { get; init; }
    public required int MaxRejectedFrames { get; init; }
    public required TimeSpan HandshakeTimeout { get; init; }
    public required int MaxPendingHandshakesPerAddress { get; init; }
    public required TimeSpan DroppedPeerCooloff { get; init; }
    public required TimeSpan TrustRefreshInterval { get; init; }

    public string StatePath => Path.Combine(DataDirectory, "state.db");

    public string TokenFile => Path.Combine(DataDirectory, "control.token");

    /// <summary>Where the running node writes its control API address, for control commands given only the config.</summary>
    public string ControlUrlFile => Path.Combine(DataDirectory, "control.url");

    /// <summary>Reads and checks a config file.</summary>
    /// <exception cref="ConfigException">The file is missing, not JSON, or a field is missing or out of range.</exception>
    public static NodeConfig Load(string path) => NodeConfigReader.Read(path);

    /// <summary>The node key (created 0600 on first start) and the certificate its settler issued (base64 of the SignedCertificate).</summary>
    /// <exception cref="ConfigException">A file cannot be read or does not hold what it should.</exception>
    public NodeIdentity LoadIdentity()
    {
        Protocol.Crypto.SecretKey key;
        try
        {
            key = SecretFile.NodeKey(KeyFile);
        }
        catch (SecretFileException e)
        {
            throw new ConfigException("keyFile", e.Message, e);
        }
        try
        {
            var certificate = SignedCertificate.Parser.ParseFrom(Convert.FromBase64String(File.ReadAllText(CertificateFile).Trim()));
            return new NodeIdentity(key, certificate);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException("certificateFile", $"cannot read {CertificateFile}: {e.Message}", e);
        }
        catch (Exception e) when (e is FormatException or InvalidProtocolBufferException)
        {
            throw new ConfigException("certificateFile", $"{CertificateFile} does not hold a base64 SignedCertificate: {e.Message}", e);
        }
    }

    /// <summary>The wallet service and the account key (made 0600 on first start, like the node key).</summary>
    /// <exception cref="ConfigException">The key file cannot be read or does not hold a key.</exception>
    public WalletConfig LoadWallet()
    {
        try
        {
            return new WalletConfig(WalletUrl, SecretFile.NodeKey(WalletKeyFile)) { Lnd = WalletLnd, Htlc = WalletHtlc };
        }
        catch (SecretFileException e)
        {
            throw new ConfigException("wallet.accountKeyFile", e.Message, e);
        }
    }

    /// <summary>
    /// On LND the node's invoices ask 60 blocks (LND's minimum is 18): its reply invoice then stays held about 8.5 hours after
    /// LND's 12-block hold-expiry delta, and its network invoice leaves enough to pay the settler's 40-block invoice downstream.
    /// </summary>
    public const int LndInvoiceCltvDelta = 60;

    /// <summary>On LND a sender holds at least 12 hours (72 blocks): room for a 60-block invoice plus LND's padding.</summary>
    public const long LndHoldMs = 12 * 3_600_000L;

    /// <summary>
    /// On LND a sender holds the network invoice at least 24 hours (144 blocks): each middleman's invoice asks 19 blocks more
    /// than the one downstream (LndHoldPlan.UpstreamCltvDelta), so a route of the settler's 40-block invoice, the replier and
    /// up to four middlemen fits.
    /// </summary>
    public const long LndNetworkHoldMs = 24 * 3_600_000L;

    /// <summary>The host options for this config, with the node's wallet client and settler clients.</summary>
    public NodeHostOptions ToHostOptions(NodeIdentity identity, IHodlWallet wallet, Func<string, ISettlerApi?> settlers, ILoggerFactory logging) => new()
    {
        Identity = identity,
        Wallet = wallet,
        WalletKind = WalletHtlc is not null ? "htlc" : WalletLnd is null ? "service" : "lnd",
        WalletUrl = WalletHtlc?.RpcUrl ?? WalletLnd?.RestUrl ?? WalletUrl,
        Settlers = settlers,
        StatePath = StatePath,
        TrustedSettlers = TrustedSettlers,
        Policy = WalletHtlc is null ? Policy : Policy with { HoldDeltaMs = Math.Max(Policy.HoldDeltaMs, HtlcWalletConfig.HoldDeltaMs) },
        Sender = WalletHtlc is not null
            ? Sender with { NetworkHoldMs = Math.Max(Sender.NetworkHoldMs, HtlcWalletConfig.NetworkHoldMs), ReplyHoldMs = Math.Max(Sender.ReplyHoldMs, HtlcWalletConfig.ReplyHoldMs) }
            : WalletLnd is null ? Sender : Sender with
        {
            NetworkHoldMs = Math.Max(Sender.NetworkHoldMs, LndNetworkHoldMs),
            ReplyHoldMs = Math.Max(Sender.ReplyHoldMs, LndHoldMs),
        },
        InvoiceCltvDelta = WalletHtlc is not null ? HtlcWalletConfig.InvoiceCltvDelta : WalletLnd is null ? 1 : LndInvoiceCltvDelta,
        Work = Work,
        WorkSettlerUri = WorkSettlerUri,
        ListenEndPoint = Listen,
        Peers = Peers,
        Discovery = Discovery,
        Control = new ControlApiOptions(TokenFile, ControlPort, ControlUrlFile),
        Logging = logging,
        MaxBadFrames = MaxBadFrames,
        MaxRejectedFrames = MaxRejectedFrames,
        Noise = NodeHostOptions.DefaultNoise with { HandshakeTimeout = HandshakeTimeout, MaxPendingHandshakesPerAddress = MaxPendingHandshakesPerAddress },
        DroppedPeerCooloff = DroppedPeerCooloff,
        TrustRefreshInterval = TrustRefreshInterval,
    };
}
