using System.Net;
using GigGossip.Network.Peers;
using GigGossip.Network.Tcp;
using GigGossip.Payments;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GigGossip.Node.Hosting;

/// <summary>Everything a <see cref="NodeHost"/> runs with. The host does not own the wallet or the settler clients.</summary>
public sealed record NodeHostOptions
{
    /// <summary>The node's key and the certificate a trusted settler issued for it.</summary>
    public required NodeIdentity Identity { get; init; }

    /// <summary>The node's account on its wallet: HODL invoices it issues and payments it makes.</summary>
    public required IHodlWallet Wallet { get; init; }

    /// <summary>The client for a settler URI (from a promise, an offer or the config), or null when there is none.</summary>
    public required Func<string, ISettlerApi?> Settlers { get; init; }

    /// <summary>The SQLite file that keeps the money state across restarts.</summary>
    public required string StatePath { get; init; }

    /// <summary>What kind of wallet <see cref="Wallet"/> is, as `getinfo` shows it: "service" (the wallet service), "lnd", or "in-process" (a wallet object given directly).</summary>
    public string WalletKind { get; init; } = "in-process";

    /// <summary>Where the wallet is (the service URL or LND's REST URL), null for one in process; `getinfo` shows it without user info or query.</summary>
    public Uri? WalletUrl { get; init; }

    /// <summary>Settlers whose certificates and promises the node trusts; their revocation lists are fetched at start and refreshed.</summary>
    public IReadOnlyList<TrustedSettlerAddress> TrustedSettlers { get; init; } = [];

    /// <summary>The node's policy; its trusted settlers are replaced by <see cref="TrustedSettlers"/> with fresh lists.</summary>
    public NodePolicy Policy { get; init; } = new();

    public SenderPolicy Sender { get; init; } = new();

    /// <summary>The taxi work the node takes from the start (null: none until the control API sets some).</summary>
    public TaxiWork? Work { get; init; }

    /// <summary>The settler the node works through as a replier (needed for <see cref="Work"/>).</summary>
    public string? WorkSettlerUri { get; init; }

    /// <summary>Where peers connect; 127.0.0.1 on a free port by default.</summary>
    public IPEndPoint ListenEndPoint { get; init; } = new(IPAddress.Loopback, 0);

    /// <summary>Peers the node dials and keeps connected.</summary>
    public IReadOnlyList<PeerAddress> Peers { get; init; } = [];

    /// <summary>Peer discovery: bootstrap, peer exchange, the address book, scores and anchors (kept in the state file); null for none (only <see cref="Peers"/>).</summary>
    public Peering.PeerDiscoveryOptions? Discovery { get; init; }

    /// <summary>The local control API, or null for none.</summary>
    public ControlApiOptions? Control { get; init; }

    /// <summary>The clock of the engine, its timers and refreshes.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ILoggerFactory Logging { get; init; } = NullLoggerFactory.Instance;

    /// <summary>A peer that sends this many frames that do not decode is disconnected.</summary>
    public int MaxBadFrames { get; init; } = 10;

    /// <summary>
    /// A peer whose frames the engine refuses this many times on one connection for reasons that are its fault
    /// (over the ask rate limit, wrong, stale or replayed proofs of work, bad signatures; the engine judges and asks for the drop with <see cref="DropPeer"/>) is disconnected.
    /// </summary>
    public int MaxRejectedFrames { get; init; } = DefaultMaxRejectedFrames;

    public const int DefaultMaxRejectedFrames = 50;

    /// <summary>
    /// Frames of one peer decoded and waiting for the engine at once: the next frame is decoded while the engine handles
    /// the last, and a flooding peer is still held back by TCP once this many wait (memory stays bounded per peer).
    /// </summary>
    public int FramesInFlightPerPeer { get; init; } = 16;

    /// <summary>
    /// A peer dropped for misbehaving is refused for this long when it comes back under the same key (otherwise its
    /// ask rate-limit bucket and its counts of bad and refused frames would start afresh on every reconnect).
    /// </summary>
    public TimeSpan DroppedPeerCooloff { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the trusted settlers' revocation lists are fetched again.</summary>
    public TimeSpan TrustRefreshInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Threads a proof of work is solved on.</summary>
    public int PowThreads { get; init; } = Environment.ProcessorCount;

    /// <summary>How long to wait before re-subscribing to the wallet's events after the stream failed, or calling a wallet that did not answer again.</summary>
    public TimeSpan WalletRetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public ReconnectPolicy Reconnect { get; init; } = ReconnectPolicy.Default;

    public PeerConnectionOptions PeerConnection { get; init; } = PeerConnectionOptions.Default;

    /// <summary>
    /// The BOLT 8 limits: the handshake timeout (a connection that does not finish its three acts in time is closed)
    /// and the largest message, by default one frame of <see cref="FrameLimits.DefaultMaxFrameBytes"/> and its type
    /// byte, so a larger announced length drops the peer before any of the body is read.
    /// </summary>
    public NoiseConnectionOptions Noise { get; init; } = DefaultNoise;

    /// <summary>The default <see cref="Noise"/>: the transport's defaults with messages no larger than a frame.</summary>
    public static NoiseConnectionOptions DefaultNoise { get; } = new() { MaxMessageLength = FrameLimits.DefaultMaxFrameBytes + 1 };

    /// <summary>Seed of the engine's random choices (peers, ids); null for a random seed.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>
    /// The min_final_cltv_expiry_delta (blocks) of the invoices this node issues: 1 (ten minutes) on the wallet service; on LND
    /// at least 18, and for a route invoice enough for the payment it makes downstream once LND's hold-expiry delta is taken off
    /// (docs/protocol/reply-acceptance.md, "Holds on LND").
    /// </summary>
    public int InvoiceCltvDelta { get; init; } = 1;

    /// <summary>
    /// The CLTV delta of this node's invoice on a payment hash whose next invoice downstream asks the given delta (a
    /// middleman's or the replier's network invoice): each hop toward the sender asks more, so every payer's hold covers
    /// the payment it makes on. Throws <see cref="Payments.WalletException"/> to refuse a route that cannot fit. Null: every
    /// invoice asks <see cref="InvoiceCltvDelta"/>.
    /// </summary>
    public Func<int, int>? RouteCltvDelta { get; init; }

    /// <summary>Test hook: sees every effect before the host carries it out, on the mailbox thread.</summary>
    internal Action<EngineEffect>? EffectObserver { get; init; }

    /// <summary>Test hook: sees every peer manager effect before the host carries it out, on the mailbox thread.</summary>
    internal Action<Protocol.Peers.PeerManagerEffect>? PeerEffectObserver { get; init; }
}
