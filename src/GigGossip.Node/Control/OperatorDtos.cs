using GigGossip.Node.Hosting;

namespace GigGossip.Node.Control;

/// <summary>A trusted settler: where it is and its x-only key.</summary>
public sealed record SettlerView(string Uri, string PublicKey);

/// <summary>
/// A peer: its x-only id, whether a connection is up, and its address (<c>pubkey@host:port</c>: the one the config or discovery
/// dials, the one its signed record advertises, or for a peer that dialled in without one, where it came from; null when unknown).
/// Added with discovery (issue #17): <c>direction</c> ("outbound", "inbound", null when not connected), <c>configured</c> (one of the
/// config's <c>peers</c>), and, when discovery is on, <c>score</c> with its <c>scoreParts</c>, <c>graylisted</c> and <c>anchor</c>
/// (among the outbound peers dialled first after a restart).
/// </summary>
public sealed record PeerView(string Id, bool Connected, string? Address, string? Direction = null, bool Configured = false,
    double? Score = null, PeerScorePartsView? ScoreParts = null, bool Graylisted = false, bool Anchor = false);

/// <summary>What a peer's score is made of (GigGossip.Protocol.Peers.PeerScoreParts): weighted rewards and penalties, and the decayed count of recent asks (not in the score; it prices proof of work).</summary>
public sealed record PeerScorePartsView(double FirstDeliveries, double RoutedReplies, double SettledFees, double InvalidFrames, double AskTimeouts,
    double Colocation, double Outbound, double RecentAsks, double DeliveryDeficit = 0);

/// <summary>GET /v1/peers.</summary>
public sealed record PeersView(IReadOnlyList<PeerView> Peers);

/// <summary>GET /v1/balance: the wallet account's spendable msat (money held for unsettled payments is not in it).</summary>
public sealed record BalanceView(string Account, long BalanceMsat);

/// <summary>GET /v1/jobs: every request, taken job and routed reply the node saw (kept in its state file across restarts), oldest first.</summary>
public sealed record JobsView(IReadOnlyList<JobEntry> Jobs);

/// <summary>
/// The node's wallet in GET /v1/info: <c>Kind</c> ("service", "lnd", or "in-process"), <c>Url</c> (scheme, host, port and
/// path only: user info, query and fragment, where a token could hide, are left out; null in process) and <c>Account</c>.
/// </summary>
public sealed record WalletView(string Kind, string? Url, string Account)
{
    public static WalletView Of(string kind, Uri? url, string account) =>
        new(kind, url is null ? null : new UriBuilder(url) { UserName = "", Password = "", Query = "", Fragment = "" }.Uri.AbsoluteUri, account);
}
