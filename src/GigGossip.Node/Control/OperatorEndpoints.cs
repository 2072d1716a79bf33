using GigGossip.Node.Hosting;
using Microsoft.AspNetCore.Builder;

namespace GigGossip.Node.Control;

/// <summary>The operator's read endpoints: GET /v1/peers, /v1/balance and /v1/jobs (lncli's listpeers, walletbalance, and a job list).</summary>
internal static class OperatorEndpoints
{
    public static void Map(WebApplication app, NodeHost host)
    {
        ControlEndpoints.Endpoint(app, "GET", "/v1/peers", 200, async (_, ct) => new PeersView(await host.PeerViewsAsync(ct).ConfigureAwait(false)));
        ControlEndpoints.Endpoint(app, "GET", "/v1/balance", 200, async (_, ct) => new BalanceView(host.Wallet.AccountId, await BalanceAsync(host, ct).ConfigureAwait(false)));
        ControlEndpoints.Endpoint(app, "GET", "/v1/jobs", 200, (_, _) => Task.FromResult(new JobsView(host.Jobs.List())));
    }

    public static PeersView Peers(NodeHost host)
    {
        var connected = host.ConnectedPeers.ToHashSet();
        var peers = host.ConfiguredPeers
            .Select(a => new PeerView(a.NodeId.ToHex(), connected.Contains(a.NodeId), $"{a.NodeId.ToHex()}@{a.Host}:{a.Port}", Configured: true))
            .ToList();
        peers.AddRange(connected.Where(k => peers.All(p => p.Id != k.ToHex())).Select(k => new PeerView(k.ToHex(), true, null)));
        return new PeersView(peers);
    }

    public static async Task<long> BalanceAsync(NodeHost host, CancellationToken cancellationToken)
    {
        try
        {
            return await host.Wallet.GetBalanceAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ControlRequestException(502, $"the wallet does not answer: {e.Message}");
        }
    }

    /// <summary>What an operator should fix: no money to forward or pay with, no peers, configured peers down.</summary>
    public static List<string> Warnings(NodeHost host, long balanceMsat, PeersView peers)
    {
        var warnings = new List<string>();
        if (balanceMsat == 0) warnings.Add($"no funds: cannot forward replies or pay for rides (fund wallet account {host.Wallet.AccountId})");
        if (!peers.Peers.Any(p => p.Connected)) warnings.Add("no peers connected: requests and replies cannot travel");
        warnings.AddRange(peers.Peers.Where(p => p.Configured && !p.Connected).Select(p => $"peer {p.Address} is not connected"));
        return warnings;
    }
}
