using GigGossip.Node.Hosting;

namespace GigGossip.Node.Control;

/// <summary>A trusted settler: where it is and its x-only key.</summary>
public sealed record SettlerView(string Uri, string PublicKey);

/// <summary>A peer: its x-only id, whether a connection is up, and the address the config dials (null for one that dialled in).</summary>
public sealed record PeerView(string Id, bool Connected, string? Address);

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
