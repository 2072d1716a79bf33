using GigGossip.Lnd;
using GigGossip.Node.Hosting;

namespace GigGossip.Cli.Config;

/// <summary>On LND a node sizes each route invoice from the one downstream (<see cref="LndHoldPlan.UpstreamCltvDelta"/>), so middlemen fit.</summary>
internal static class LndRoutes
{
    public static NodeHostOptions Apply(NodeHostOptions options, Node.Config.WalletConfig wallet) => wallet.Lnd is null ? options : options with
    {
        RouteCltvDelta = downstream => LndHoldPlan.UpstreamCltvDelta(downstream, TimeSpan.FromMilliseconds(options.Policy.HoldDeltaMs), LndLimits.Default),
    };
}
