using GigGossip.Protocol.Engine;

namespace GigGossip.Simulation;

/// <summary>Nodes leaving and coming back: their peers see the link go down and up, as TCP peers would.</summary>
public sealed partial class SimulatedNetwork
{
    /// <summary>How many times a node went offline under churn.</summary>
    public long ChurnDepartures { get; private set; }

    /// <summary>Takes a node offline (it reads nothing, its peers drop the link) or brings it back.</summary>
    public void SetOnline(SimNode node, bool online)
    {
        if (node.Online == online) return;
        if (!online)
        {
            ChurnDepartures++;
            node.Online = false;
            foreach (var peer in node.Neighbours) Deliver(peer, new PeerDisconnected(node.Id));
            return;
        }
        node.Online = true;
        foreach (var peer in node.Neighbours.Where(p => p.Online))
        {
            Deliver(peer, new PeerConnected(node.Id));
            Deliver(node, new PeerConnected(peer.Id));
        }
    }

    /// <summary>Makes a share of <paramref name="candidates"/> alternate online and offline until <paramref name="untilUnixMs"/>.</summary>
    public void StartChurn(ChurnModel churn, IEnumerable<SimNode> candidates, long untilUnixMs)
    {
        if (churn.Share <= 0) return;
        foreach (var node in candidates.Where(_ => Random.NextDouble() < churn.Share))
            Scheduler.After(churn.DrawOnline(Random), () => Toggle(node, churn, untilUnixMs));
    }

    private void Toggle(SimNode node, ChurnModel churn, long untilUnixMs)
    {
        if (Now >= untilUnixMs)
        {
            SetOnline(node, true);
            return;
        }
        SetOnline(node, !node.Online);
        Scheduler.After(node.Online ? churn.DrawOnline(Random) : churn.DrawOffline(Random), () => Toggle(node, churn, untilUnixMs));
    }
}
