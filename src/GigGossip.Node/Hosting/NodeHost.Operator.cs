namespace GigGossip.Node.Hosting;

/// <summary>What the operator's read commands ask the host: the contact it shows, its settlers, its job book.</summary>
public sealed partial class NodeHost
{
    /// <summary>The contact a `work` without one keeps: the one in use now, else the config's, else the node id.</summary>
    public string CurrentContact => _work?.Contact ?? _options.Work?.Contact ?? "gig-gossip node " + Id.ToHex();

    /// <summary>Every request, job and routed reply with its state (see <see cref="JobBook"/>).</summary>
    public JobBook Jobs { get; } = new();

    /// <summary>Where peers reach this node, its key x-only: <c>pubkey@127.0.0.1:port</c> (what `getinfo` prints).</summary>
    public string AddressText => $"{Id.ToHex()}@{Address.Host}:{Address.Port}";

    /// <summary>The peers the config names (dialled and re-dialled), connected or not.</summary>
    public IReadOnlyList<Network.Tcp.PeerAddress> ConfiguredPeers => _options.Peers;

    /// <summary>The control API's routes (method, pattern), none when it is off.</summary>
    internal IReadOnlyList<(string Method, string Pattern)> ControlRoutes => _control?.Routes ?? [];

    /// <summary>The wallet as `getinfo` shows it: its kind and where it is (never a token, macaroon or key).</summary>
    public Control.WalletView WalletView => Control.WalletView.Of(_options.WalletKind, _options.WalletUrl, Wallet.AccountId);

    /// <summary>The settlers this node trusts, as configured.</summary>
    public IReadOnlyList<TrustedSettlerAddress> TrustedSettlerAddresses => _options.TrustedSettlers;
}
