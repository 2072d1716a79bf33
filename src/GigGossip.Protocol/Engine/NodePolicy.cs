using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Topics;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// What a node asks of and offers to the network: data, not code, so the simulator and the daemon
/// configure nodes the same way and attackers are just other policies.
/// </summary>
public sealed record NodePolicy
{
    /// <summary>Which topics this node forwards and how precise a geohash it lets through.</summary>
    public TopicPolicy Topics { get; init; } = new();

    /// <summary>Leading zero bits asked of an originator before this node broadcasts for it.</summary>
    public int PowLeadingZeroBits { get; init; } = 12;

    /// <summary>The most leading zero bits this node is willing to compute for a peer.</summary>
    public int MaxPowLeadingZeroBitsAccepted { get; init; } = 20;

    /// <summary>How long a proof of work stays usable: timestamp &lt;= now &lt;= timestamp + tolerance.</summary>
    public long TimestampToleranceMs { get; init; } = 30_000;

    /// <summary>How long the PowBroadcastConditions offer stays open.</summary>
    public long AskValidityMs { get; init; } = 30_000;

    /// <summary>
    /// How long an AskForBroadcast this node sent waits for its conditions. A peer that refuses the ask (it already broadcast
    /// the request, or rate-limits this node) sends nothing back, so an unanswered ask is forgotten then rather than held
    /// for the memory window; answered asks are kept for the memory window.
    /// </summary>
    public long AskAnswerTimeoutMs { get; init; } = 30_000;

    /// <summary>The fee this node adds to the network invoice when it routes a reply back.</summary>
    public long RoutingFeeMsat { get; init; } = 1_000;

    /// <summary>The most a peer may ask per hop before this node refuses its conditions.</summary>
    public long MaxRoutingFeeMsatAccepted { get; init; } = 50_000;

    /// <summary>How many random peers a broadcast goes to.</summary>
    public int Fanout { get; init; } = 2;

    /// <summary>
    /// Peer scoring (the whitepaper's free market, docs/protocol/peer-scoring.md): when set, forwarding goes to <see cref="Fanout"/>
    /// trusted peers (dialled by this node, or with something earned) plus one other at or above the gossip threshold, and a
    /// node's own requests go to all of them; null: <see cref="Fanout"/> random peers.
    /// </summary>
    public Peers.PeerScoreParams? Scoring { get; init; }

    /// <summary>
    /// With <see cref="Scoring"/>: the proof of work asked of each peer follows its recent asks and its score instead of
    /// <see cref="PowLeadingZeroBits"/> for everyone; null: the fixed price.
    /// </summary>
    public Peers.PowPricing? PowPricing { get; init; }

    /// <summary>
    /// Leading zero bits of the sender's stamp (<see cref="Frames.RequestStamps"/>, issue #17): this node refuses a request whose
    /// stamp has fewer, and stamps its own requests with this many before their first broadcast. 0 (the default) neither
    /// requires nor makes a stamp. A network agrees on one value, sized so one stamp costs its sender at least what the relays
    /// pay in per-hop proofs for the request (<see cref="Pow.StampSizing"/>).
    /// </summary>
    public int StampBits { get; init; }

    /// <summary>How many times the same payload id is broadcast by this node (1 = once).</summary>
    public int Multibroadcast { get; init; } = 1;

    /// <summary>Settlers whose certificates and promises this node trusts.</summary>
    public TrustedSettlers TrustedSettlers { get; init; } = new([]);

    /// <summary>How long a created invoice stays payable.</summary>
    public long InvoiceExpiryMs { get; init; } = 600_000;

    /// <summary>How much earlier than its upstream hold deadline a hop lets its downstream payment be held.</summary>
    public long HoldDeltaMs { get; init; } = 60_000;

    /// <summary>How often a node asks a settler again for something not ready yet (a key, a preimage).</summary>
    public long SettlerPollMs { get; init; } = 2_000;

    /// <summary>
    /// Sign every own request with a one-time key certified by this node's settler (docs/protocol/privacy.md, "Unlinkable
    /// senders"); off, or when the settler issues none, requests are signed with the node's network key (and name it).
    /// </summary>
    public bool OneTimeSenderKeys { get; init; } = true;

    /// <summary>How many AskForBroadcast frames a peer may send per second, sustained.</summary>
    public double AsksPerSecondPerPeer { get; init; } = 20;

    /// <summary>How many AskForBroadcast frames a peer may send in a burst.</summary>
    public double AskBurstPerPeer { get; init; } = 100;

    /// <summary>
    /// How far ahead a request's valid-until may be (the longest reply window, an hour, plus a minute for clocks):
    /// a request valid longer is refused, so no payload id needs remembering longer than this.
    /// </summary>
    public long MaxRequestValidityMs { get; init; } = 3_660_000;

    /// <summary>How long payload ids and spent proofs are remembered (the chatterbox window; longer when a request is valid longer).</summary>
    public long MemoryWindowMs { get; init; } = 600_000;

    /// <summary>
    /// After this many frames from one connected peer refused through the peer's own fault the engine asks the host to drop it
    /// (<see cref="DropPeer"/>); null never drops.
    /// </summary>
    public int? MaxRejectedFramesPerPeer { get; init; }
}
