namespace GigGossip.Simulation.Scenarios;

/// <summary>One simulation run: the network, the load, the attack. Every choice in the run is drawn from <see cref="Seed"/>.</summary>
public sealed record SimulationOptions
{
    public int Nodes { get; init; } = 1_000;

    public TopologyKind Topology { get; init; } = TopologyKind.RandomRegular;

    /// <summary>Peers per node (mean degree; links per new node x 2 for scale-free).</summary>
    public int Degree { get; init; } = 8;

    /// <summary>Honest requests (rides), one every <see cref="RequestIntervalMs"/>.</summary>
    public int Requests { get; init; } = 10;

    public AttackKind Attack { get; init; } = AttackKind.None;

    /// <summary>The attackers' share: of the identities, or for eclipse of each worker's links.</summary>
    public double Fraction { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>Payment settlers; workers and nodes are spread over them, every node trusts all.</summary>
    public int Settlers { get; init; } = 2;

    /// <summary>Taxi drivers among the honest nodes; null: 1% of the nodes, at least 5 and at most 100.</summary>
    public int? Workers { get; init; }

    /// <summary>Random peers each node forwards a broadcast to.</summary>
    public int Fanout { get; init; } = 3;

    /// <summary>How many times a node broadcasts the same payload id when it arrives again.</summary>
    public int Multibroadcast { get; init; } = 1;

    /// <summary>Leading zero bits every middleman asks for (0: no proof of work to speak of).</summary>
    public int PowBits { get; init; } = 12;

    /// <summary>Each node's hashes per second: how long a proof takes in virtual time.</summary>
    public double HashRatePerSecond { get; init; } = 5_000_000;

    /// <summary>Charge proof-of-work time without hashing (the largest runs); proofs are still checked.</summary>
    public bool ModelPow { get; init; }

    /// <summary>Model onion layers instead of sealing them (same lengths and refusals; the largest runs).</summary>
    public bool ModelOnions { get; init; }

    /// <summary>Hand each receiver a copy of the frame its sender encoded instead of decoding the bytes again (the largest runs).</summary>
    public bool CopyFrames { get; init; }

    /// <summary>Verify each distinct signature once per process (exact; the largest runs).</summary>
    public bool VerifyCache { get; init; }

    public LatencyModel Latency { get; init; } = new(5, 20);

    /// <summary>What reading one frame costs a node, in microseconds (0: free).</summary>
    public long FrameCostUs { get; init; }

    public ChurnModel Churn { get; init; } = ChurnModel.None;

    /// <summary>Two topics: half the workers are couriers and every other request is a parcel delivery.</summary>
    public bool MixedTopics { get; init; }

    public long RequestIntervalMs { get; init; } = 1_000;

    /// <summary>How long a sender collects offers before it pays the best one.</summary>
    public long ReplyDeadlineMs { get; init; } = 5_000;

    /// <summary>Spam and DDoS: requests (or asks) per second each attacker tries to send.</summary>
    public double AttackRatePerSecond { get; init; } = 10;

    /// <summary>Chatterbox: copies of every broadcast an attacker sends.</summary>
    public int ChatterCopies { get; init; } = 5;

    /// <summary>Dynamic topology: nodes bootstrap among themselves and keep their links with the daemon's peer manager.</summary>
    public bool Discovery { get; init; }

    /// <summary>Sybils per honest node (GossipSub v1.1's evaluation): they join with the honest nodes and dial them as the caps allow; needs <see cref="Discovery"/>.</summary>
    public double SybilRatio { get; init; }

    /// <summary>The /16 networks the Sybils' addresses come from.</summary>
    public int SybilGroups { get; init; } = 32;

    /// <summary>Peer scores choose forwarding targets and drive pruning (the whitepaper's free market); off: random peers as before.</summary>
    public bool Scoring { get; init; }

    /// <summary>With scoring: every middleman prices the proof of work it asks of a peer by the peer's recent asks and score (<see cref="Protocol.Peers.PowPricing"/>), from <see cref="PowBits"/> up.</summary>
    public bool PowPricing { get; init; }

    /// <summary>
    /// Leading zero bits of the sender's stamp every node requires and puts on its own requests (<see cref="Protocol.Engine.NodePolicy.StampBits"/>,
    /// issue #17): the price of a request paid once by its sender, spammers included; 0: no stamp.
    /// </summary>
    public int StampBits { get; init; }

    /// <summary>With discovery: virtual time the network runs before the first request.</summary>
    public long WarmupMs { get; init; } = 180_000;

    /// <summary>
    /// With discovery: inbound connections an honest node takes (default 8 x <see cref="Degree"/>, Bitcoin Core's ratio of
    /// inbound to outbound slots is about 10). Sybils dialling as the caps allow need more slots than the honest nodes have
    /// to keep the honest nodes' own outbound dials from being crowded out.
    /// </summary>
    public int? MaxInbound { get; init; }

    public int InboundCap => MaxInbound ?? 8 * Degree;

    public int WorkerCount => Workers ?? Math.Clamp(Nodes / 100, 5, 100);

    /// <summary>Why these options cannot run, or null.</summary>
    public string? Problem()
    {
        if (Nodes is < 10 or > 1_000_000) return $"--nodes must be between 10 and 1000000, got {Nodes}";
        if (Requests is < 1 or > 10_000) return $"--requests must be between 1 and 10000, got {Requests}";
        if (Fraction is < 0 or > 0.95 || double.IsNaN(Fraction)) return $"--fraction must be between 0 and 0.95, got {Fraction}";
        if (Attack == AttackKind.None && Fraction > 0) return "--fraction needs an --attack";
        if (Degree < 2 || Degree >= Nodes) return $"--degree must be between 2 and {Nodes - 1}, got {Degree}";
        if (Fanout < 1) return $"--fanout must be at least 1, got {Fanout}";
        if (Multibroadcast < 1) return $"--multibroadcast must be at least 1, got {Multibroadcast}";
        if (PowBits is < 0 or > 40) return $"--pow-bits must be between 0 and 40, got {PowBits}";
        if (FrameCostUs is < 0 or > 1_000_000) return $"--frame-cost-us must be between 0 and 1000000, got {FrameCostUs}";
        if (Settlers is < 1 or > 100) return $"--settlers must be between 1 and 100, got {Settlers}";
        if (SybilRatio is < 0 or > 20 || double.IsNaN(SybilRatio)) return $"--sybil-ratio must be between 0 and 20, got {SybilRatio}";
        if (SybilRatio > 0 && !Discovery) return "--sybil-ratio needs --discovery on";
        if (SybilRatio > 0 && Fraction > 0) return "give the attackers either as --fraction or as --sybil-ratio, not both";
        if (SybilRatio > 0 && Attack is not (AttackKind.Sybil or AttackKind.CovertFlash or AttackKind.Censorship or AttackKind.Eclipse)) return "--sybil-ratio plays the sybil, covert-flash, censorship or eclipse attack";
        if (SybilGroups is < 1 or > 4_096) return $"--sybil-groups must be between 1 and 4096, got {SybilGroups}";
        if (Discovery && Attack == AttackKind.Eclipse && SybilRatio <= 0) return "eclipse with --discovery on surrounds the workers with --sybil-ratio R Sybils per honest node; give R, or run it without --discovery (links through droppers)";
        if (RequestIntervalMs is < 1 or > 3_600_000) return $"--request-interval-ms must be between 1 and 3600000, got {RequestIntervalMs}";
        if (PowPricing && !Scoring) return "--pow-pricing needs --scoring on";
        if (StampBits is < 0 or > 40) return $"--stamp-bits must be between 0 and 40, got {StampBits}";
        if (MaxInbound is < 1 or > 100_000) return $"--max-inbound must be between 1 and 100000, got {MaxInbound}";
        if (WarmupMs is < 0 or > 3_600_000) return $"--warmup-ms must be between 0 and 3600000, got {WarmupMs}";
        var attackers = Attack is AttackKind.Eclipse ? 0 : (int)Math.Round(Fraction * Nodes);
        if (WorkerCount < 1 || WorkerCount + attackers + 1 > Nodes) return $"{WorkerCount} workers, {attackers} attackers and a sender do not fit in {Nodes} nodes";
        return null;
    }
}
