using GigGossip.Payments;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Settlement;
using GigGossip.Wallet;
using GigGossip.Wallet.Client;

namespace GigGossip.Cli.Demo;

/// <summary>The demo's default money: the wallet service (a SQLite ledger) over HTTP, one account per node and the settler's.</summary>
internal sealed class LedgerDemoMoney : DemoMoney
{
    private readonly WalletServer _server;
    private readonly WalletAdminClient _admin;
    private readonly List<WalletHttpClient> _clients = [];

    private LedgerDemoMoney(WalletServer server)
    {
        _server = server;
        _admin = new WalletAdminClient(server.BaseUri, server.AdminToken);
    }

    public static async Task<LedgerDemoMoney> StartAsync(string directory, CancellationToken cancellationToken) =>
        new(await WalletServer.StartAsync(new WalletServerOptions
        {
            LedgerPath = Path.Combine(directory, "wallet.db"),
            AdminTokenFile = Path.Combine(directory, "wallet.token"),
        }, cancellationToken));

    public override string Name => "the wallet service's ledger";

    public override async Task<IHodlWallet> OpenNodeWalletAsync(SecretKey key, long fundingMsat, CancellationToken cancellationToken)
    {
        await _admin.FundAsync(key.PublicKey.ToHex(), fundingMsat, cancellationToken);
        var client = new WalletHttpClient(_server.BaseUri, key);
        _clients.Add(client);
        return client;
    }

    public override Func<SecretKey, IHodlWallet>? SettlerWallet => null;

    public override Uri? SettlerWalletUri => _server.BaseUri;

    public override int InvoiceCltvDelta => 1;

    public override SettlerPolicy SettlerPolicy => new();

    public override NodePolicy NodePolicy(long routingFeeMsat) => new() { Fanout = 3, Multibroadcast = 2, RoutingFeeMsat = routingFeeMsat, SettlerPollMs = 200 };

    public override SenderPolicy SenderPolicy => new() { AutoAcceptBestOffer = true };

    public override long RoutingLiquidityMsat => 1_000_000;

    public override async Task<DemoAudit> AuditAsync(CancellationToken cancellationToken)
    {
        var audit = await _admin.AuditAsync(cancellationToken);
        return new DemoAudit(audit.AccountsMsat + audit.HeldMsat, audit.HeldMsat, audit.Balanced);
    }

    public override Task<long> BalanceAsync(string account, CancellationToken cancellationToken) => _admin.GetBalanceAsync(account, cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        foreach (var client in _clients) client.Dispose();
        _admin.Dispose();
        await _server.DisposeAsync();
    }
}
