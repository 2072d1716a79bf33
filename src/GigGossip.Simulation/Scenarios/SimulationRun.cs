using System.Diagnostics;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Peers;
using GigGossip.Protocol.Topics;
using GigGossip.Simulation.Behaviours;
using GigGossip.Simulation.Discovery;
using GigGossip.Simulation.Metrics;

namespace GigGossip.Simulation.Scenarios;

/// <summary>
/// Builds the network an options record describes (settlers, honest nodes, workers, attackers behind their
/// policies, the topology), sends the honest requests, plays the attack, and measures what happened.
/// </summary>
public sealed partial class SimulationRun : IDisposable
{
    private const long SenderFundingMsat = 1_000_000_000;
    private const long RideMs = 60_000;

    private readonly SimulationOptions _options;
    private readonly SimulatedNetwork _net;
    private readonly List<SimSettler> _settlers = [];
    private readonly HashSet<int> _workers = [];
    private readonly HashSet<int> _couriers = [];
    private readonly List<SimNode> _senders = [];
    private readonly MetricsCollector _metrics;
    private long _plannedEndUnixMs;
    private long _firstRequestAtUnixMs;

    public SimulationRun(SimulationOptions options)
    {
        if (options.Problem() is { } problem) throw new ArgumentException(problem, nameof(options));
        _options = options;
        _net = new SimulatedNetwork(options.Seed)
        {
            Tracing = false,
            KeepEvents = false,
            SolvePowForReal = !options.ModelPow,
            SealOnionsForReal = !options.ModelOnions,
            DecodeFramesForReal = !options.CopyFrames,
            Latency = options.Latency,
            HashRatePerSecond = options.HashRatePerSecond,
            FrameCostUs = options.FrameCostUs,
        };
        _metrics = new MetricsCollector(_net);
        _net.EventObserver = OnEvent;
        Build();
    }

    public SimulatedNetwork Network => _net;

    public IReadOnlyList<RequestRecord> RequestRecords => _metrics.Requests;

    public IReadOnlyCollection<SimNode> Attackers => _net.Nodes.Where(n => n.IsAttacker).ToList();

    /// <summary>The nodes that take jobs (their delivery is what the run measures).</summary>
    public IReadOnlyCollection<SimNode> Workers => _workers.Select(i => _net.Nodes[i]).ToList();

    /// <summary>Runs the whole scenario; <paramref name="progress"/> hears the share of virtual time done.</summary>
    public SimulationSummary Run(Action<double>? progress = null)
    {
        var clock = Stopwatch.StartNew();
        var totalBefore = _net.TotalMoneyMsat();
        var start = _net.Now;
        ScheduleRequests();
        ScheduleAttack();
        Peering?.Start(_plannedEndUnixMs);
        LinkCensus? census = null;
        if (Peering is { } peering) _net.Scheduler.At(_firstRequestAtUnixMs, () => census = LinkCensus.Of(peering));
        _net.StartChurn(_options.Churn, _net.Nodes.Where(n => !n.IsAttacker && !_senders.Contains(n)), _plannedEndUnixMs);
        while (_net.Now < _plannedEndUnixMs)
        {
            _net.RunFor(1_000);
            progress?.Invoke(Math.Min(1, (double)(_net.Now - start) / (_plannedEndUnixMs - start)));
        }
        _net.Scheduler.RunToCompletion(maxEvents: long.MaxValue);
        progress?.Invoke(1);
        var audit = _net.Ledger.Audit();
        var totalAfter = audit.Totals.AccountsMsat + audit.Totals.HeldMsat;
        return _metrics.Summarise(_options, Attackers.Count, _workers.Count, start, totalAfter,
            audit.Totals.HeldMsat, moneyConserved: audit.Balanced && totalAfter == totalBefore) with
            {
                WallSeconds = clock.Elapsed.TotalSeconds,
                SybilShareOfOutboundLinks = census?.SybilShareOfOutbound,
                SybilShareOfInboundLinks = census?.SybilShareOfInbound,
                HonestOutboundLinks = census?.HonestOutbound,
                HonestInboundLinks = census?.HonestInbound,
            };
    }

    public void Dispose() => _net.Dispose();

    private void Build()
    {
        var o = _options;
        for (var i = 0; i < o.Settlers; i++) _settlers.Add(_net.AddSettler($"https://settler{i + 1}.sim"));
        var roles = Enumerable.Range(0, o.Nodes).OrderBy(_ => _net.Random.Next()).ToArray();
        var attackerCount = o.Attack is AttackKind.Eclipse or AttackKind.None ? 0 : (int)Math.Round(o.Fraction * o.Nodes);
        var attackers = roles.Take(attackerCount).ToHashSet();
        _workers.UnionWith(roles.Skip(attackerCount).Take(o.WorkerCount));
        if (o.MixedTopics) _couriers.UnionWith(roles.Skip(attackerCount).Take(o.WorkerCount).Where((_, i) => i % 2 == 1));
        var senderPool = roles.Skip(attackerCount + o.WorkerCount).ToArray();
        var senders = Enumerable.Range(0, Math.Min(o.Requests, senderPool.Length)).Select(i => senderPool[i]).ToHashSet();

        _net.PrepareNodeKeys(o.Nodes);
        for (var i = 0; i < o.Nodes; i++) AddNode(_settlers[i % _settlers.Count], WorkFor(i), isSender: senders.Contains(i), isAttacker: attackers.Contains(i));
        _senders.AddRange(senderPool.Take(senders.Count).Select(i => _net.Nodes[i]));
        _firstRequestAtUnixMs = _net.Now + (o.Discovery ? o.WarmupMs : 1_000);
        foreach (var i in attackers.Order()) _net.Nodes[i].Behaviour = BehaviourFor(o.Attack);
        if (o.Discovery)
        {
            BuildDiscovery();
            return;
        }
        var edges = Topology.Build(o.Topology, o.Nodes, o.Degree, _net.Random);
        if (o.Attack == AttackKind.Eclipse) edges = EclipseWorkers(edges);
        _net.Connect(edges);
    }

    /// <summary>The topic a node works on, or none.</summary>
    private Topic.KindOneofCase WorkFor(int index) =>
        !_workers.Contains(index) ? Topic.KindOneofCase.None : _couriers.Contains(index) ? Topic.KindOneofCase.Delivery : Topic.KindOneofCase.Taxi;

    private static readonly SenderPolicy HonestSender = new() { MaxNetworkFeeMsat = 10_000_000, AutoAcceptBestOffer = true };

    private static readonly SenderPolicy AttackerSender = HonestSender with { AutoAcceptBestOffer = false };

    private SimNode AddNode(SimSettler settler, Topic.KindOneofCase work, bool isSender, bool isAttacker)
    {
        var o = _options;
        var policy = new NodePolicy
        {
            Fanout = o.Fanout,
            Multibroadcast = o.Multibroadcast,
            PowLeadingZeroBits = o.PowBits,
            MaxPowLeadingZeroBitsAccepted = Math.Max(24, o.PowBits),
            RoutingFeeMsat = 1_000 + _net.Random.Next(10) * 100,
            Scoring = o.Scoring ? new PeerScoreParams() : null,
            PowPricing = o.PowPricing ? new PowPricing { BaseBits = o.PowBits } : null,
            StampBits = o.StampBits,
            // Shared, as the sender policies below: a node's own copy cost 150 bytes, a million nodes 150 MB.
            Topics = TopicPolicy.Default,
        };
        var isWorker = work != Topic.KindOneofCase.None;
        var worker = isWorker
            ? new WorkerPolicy(topic => topic.KindCase == work, 20_000_000 + _net.Random.Next(20) * 500_000, settler.Uri, work == Topic.KindOneofCase.Taxi ? "driver" : "courier")
            : null;
        return _net.AddNode(settler, policy, worker, isAttacker ? AttackerSender : HonestSender,
            isWorker ? new Dictionary<string, byte[]> { ["driving_licence"] = [1] } : null, isSender ? SenderFundingMsat : 0);
    }

    /// <summary>Eclipse: each link of a worker goes, with the attack's share, through a new dropping node.</summary>
    private IReadOnlyList<(int A, int B)> EclipseWorkers(IReadOnlyList<(int A, int B)> edges)
    {
        var result = new List<(int A, int B)>();
        foreach (var (a, b) in edges)
        {
            if ((_workers.Contains(a) || _workers.Contains(b)) && _net.Random.NextDouble() < _options.Fraction)
            {
                var attacker = AddNode(_settlers[_net.Nodes.Count % _settlers.Count], Topic.KindOneofCase.None, isSender: false, isAttacker: true);
                attacker.Behaviour = new BlackHoleBehaviour();
                result.Add((a, attacker.Index));
                result.Add((attacker.Index, b));
            }
            else result.Add((a, b));
        }
        return result;
    }

    private INodeBehaviour BehaviourFor(AttackKind attack) => attack switch
    {
        AttackKind.Silent => new SilentBehaviour(),
        AttackKind.Chatterbox => new ChatterboxBehaviour(_options.ChatterCopies),
        AttackKind.Censorship => new CensorBehaviour(_senders[0].Id),
        AttackKind.CovertFlash => new CovertFlashBehaviour(FlashAtUnixMs),
        AttackKind.Spam => new SpammerBehaviour(),
        AttackKind.Ddos => new AskFlooderBehaviour(),
        _ => new BlackHoleBehaviour(),
    };

    private void ScheduleRequests()
    {
        var first = _firstRequestAtUnixMs;
        for (var i = 0; i < _options.Requests; i++)
        {
            var number = i;
            var sender = SenderOf(number);
            _net.Scheduler.At(first + i * _options.RequestIntervalMs, () => StartRequest(number, sender));
        }
        _plannedEndUnixMs = first + (_options.Requests - 1) * _options.RequestIntervalMs + _options.ReplyDeadlineMs + 2 * RideMs;
    }

    private void StartRequest(int number, SimNode sender)
    {
        var topic = _options.MixedTopics && number % 2 == 1 ? SydneyTopics.Parcel(_net.Now) : SydneyTopics.Ride(_net.Now);
        var eligible = _workers.Where(w => WorkFor(w) == topic.KindCase && _net.Nodes[w].Online).ToHashSet();
        var record = new RequestRecord(number, sender, _net.Now, eligible) { FromVictim = _options.Attack == AttackKind.Censorship && sender == _senders[0] };
        _metrics.Begin(record);
        _net.Do(sender, new BroadcastTopic(topic, _net.Now + _options.ReplyDeadlineMs));
    }

    /// <summary>Censorship: even requests come from the victim, odd ones from other senders.</summary>
    private SimNode SenderOf(int number) =>
        _options.Attack == AttackKind.Censorship && number % 2 == 0 ? _senders[0] : _senders[number % _senders.Count];

    private void OnEvent(SimNode node, NodeEvent nodeEvent)
    {
        _metrics.Observe(node, nodeEvent);
        if (nodeEvent is ContactRevealed revealed && !node.IsAttacker) ReportRideDone(node, revealed);
    }

    /// <summary>The ride ends <see cref="RideMs"/> after the contact is revealed (its own method: only it makes the closure).</summary>
    private void ReportRideDone(SimNode node, ContactRevealed revealed) =>
        _net.Scheduler.After(RideMs, () => _net.Do(node, new ReportJobDone(revealed.PayloadId)));
}
