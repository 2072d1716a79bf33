using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Peers;
using GigGossip.Simulation.Behaviours;
using GigGossip.Simulation.Discovery;

namespace GigGossip.Simulation.Scenarios;

/// <summary>
/// The dynamic topology: honest nodes bootstrap from a few random honest nodes and grow their links with the peer
/// manager; Sybils (<see cref="SimulationOptions.SybilRatio"/> per honest node) join at the same time, dial honest
/// nodes as the caps allow, behave until their moment and then drop. In the eclipse attack they know of and dial only the
/// workers, to surround each worker with Sybils that drop every broadcast from the first request on.
/// </summary>
public sealed partial class SimulationRun
{
    private const int BootstrapPeers = 3;

    /// <summary>The discovery state of the run's nodes, when <see cref="SimulationOptions.Discovery"/> is on.</summary>
    public SimPeering? Peering { get; private set; }

    private void BuildDiscovery()
    {
        var o = _options;
        var options = new PeerManagerOptions { OutboundQuota = Math.Max(1, o.Degree / 2), MaxInbound = o.InboundCap, Anchors = 0, ExchangeIntervalMs = 30_000 };
        var peering = new SimPeering(_net, options, new PeerScoreParams(), new Random(_net.Random.Next()));
        Peering = peering;
        var honest = _net.Nodes.Select(n => peering.Attach(n, SimAddresses.Honest(_net.Random), scores: n.Engine.Scores)).ToList();
        foreach (var peer in honest) peering.Seed(peer, Enumerable.Range(0, BootstrapPeers).Select(_ => honest[_net.Random.Next(honest.Count)]));

        // Sybils learn of honest nodes at random, or in an eclipse of the workers only, and dial them as the caps allow.
        var targets = o.Attack == AttackKind.Eclipse ? honest.Where(p => _workers.Contains(p.Node.Index)).ToList() : honest;
        var sybilCount = (int)Math.Round(o.SybilRatio * o.Nodes);
        for (var i = 0; i < sybilCount; i++)
        {
            var node = AddNode(_settlers[i % _settlers.Count], Topic.KindOneofCase.None, isSender: false, isAttacker: true);
            node.Behaviour = SybilBehaviour();
            var sybil = peering.Attach(node, SimAddresses.Sybil(i, o.SybilGroups), isSybil: true);
            peering.Seed(sybil, Enumerable.Range(0, 4 * options.OutboundQuota).Select(_ => targets[_net.Random.Next(targets.Count)]));
        }
    }

    /// <summary>Sybils behave until the first request (sybil, eclipse) or the flash (covert flash), or drop one victim's requests (censorship).</summary>
    private INodeBehaviour SybilBehaviour() => _options.Attack switch
    {
        AttackKind.CovertFlash => new CovertFlashBehaviour(FlashAtUnixMs),
        AttackKind.Censorship => new CensorBehaviour(_senders[0].Id),
        _ => new CovertFlashBehaviour(_firstRequestAtUnixMs),
    };
}
