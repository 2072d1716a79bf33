using GigGossip.Settler.Http;
using GigGossip.Wallet;

namespace GigGossip.Cli.Load;

/// <summary>The wallet and settler services a load run starts on 127.0.0.1 (port 0), with their files in one folder.</summary>
public sealed class LoadServices(WalletServer wallet, SettlerServer settler) : IAsyncDisposable
{
    public WalletServer Wallet { get; } = wallet;

    public SettlerServer Settler { get; } = settler;

    public static async Task<LoadServices> StartAsync(string directory, CancellationToken cancellationToken)
    {
        var wallet = await WalletServer.StartAsync(new WalletServerOptions
        {
            LedgerPath = Path.Combine(directory, "wallet.db"),
            AdminTokenFile = Path.Combine(directory, "wallet.token"),
            // The load generator is one client with many accounts: per-client limits would measure themselves.
            ChallengeLimits = new Wallet.Auth.ChallengeLimits { PerClient = 100_000 },
        }, cancellationToken);
        try
        {
            var settler = await SettlerServer.StartAsync(new SettlerServerOptions
            {
                Database = Path.Combine(directory, "settler.db"),
                AdminTokenFile = Path.Combine(directory, "settler.token"),
                WalletUri = wallet.BaseUri,
                ClientLimits = SettlerClientLimits.Unlimited,
            }, cancellationToken);
            return new LoadServices(wallet, settler);
        }
        catch
        {
            await wallet.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Settler.DisposeAsync();
        await Wallet.DisposeAsync();
    }
}
