using GigGossip.Protocol.Bolt11;
using System.Text.Json.Nodes;
using GigGossip.Cli.Config;
using GigGossip.Htlc.Regtest;
using GigGossip.Htlc.Wallet;
using GigGossip.Node.Config;
using GigGossip.Node.Control;
using GigGossip.Node.Hosting;
using GigGossip.Payments;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Settler.Client;
using GigGossip.Settler.Http;

namespace GigGossip.Node.Tests;

/// <summary>
/// A ride paid on chain: every party's wallet is an <see cref="HtlcHodlWallet"/> on the project's regtest-like bitcoind
/// (JSON-RPC over HTTP on 127.0.0.1, mining each transaction it accepts). The settler daemon starts from a config file whose
/// wallet is <c>{"kind": "htlc", ...}</c>; the rider's and the driver's node hosts open theirs the way the node's config does.
/// Funding notices travel in FundingNoticeFrames (rider to driver) and over the settler's API (driver to settler); money is
/// checked on the chain: what was minted is every wallet's coins plus what sits in contracts plus the fees miners took.
/// </summary>
public sealed class HtlcRideTests : IAsyncLifetime
{
    private const long RiderFundingSats = 1_000_000;
    private const long DriverFundingSats = 50_000;
    private const long DriverPriceMsat = 25_000_000;
    private const long SettlerFeeMsat = 1_000_000;
    private const long RoutingFeeMsat = 2_000;

    private readonly string _dir = Directory.CreateTempSubdirectory("gg-htlc-ride-").FullName;
    private readonly RegtestBitcoinCore _chain = new("rpc", "pw", 500) { MineEachTransaction = true };
    private readonly List<NodeHost> _hosts = [];
    private readonly Dictionary<string, HtlcHodlWallet> _wallets = [];
    private SettlerServer _settler = null!;
    private SettlerHttpClient _settlerClient = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var config = Path.Combine(_dir, "settler.json");
        File.WriteAllText(config, new JsonObject
        {
            ["settler"] = new JsonObject
            {
                ["database"] = "settler.db",
                ["adminTokenFile"] = "settler-admin.token",
                ["port"] = 0,
                ["wallet"] = WalletSection("settler-wallet.db"),
                ["policy"] = new JsonObject { ["networkFeeMsat"] = SettlerFeeMsat },
            },
        }.ToJsonString());
        var options = SettlerConfig.Load(config);
        var open = options.Wallet!;
        _settler = await SettlerServer.StartAsync(options with { Wallet = key => _wallets["settler"] = (HtlcHodlWallet)open(key) }, Ct);
        _settlerClient = new SettlerHttpClient(_settler.BaseUri, _settler.Host.Uri);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts) await host.DisposeAsync();
        _settlerClient?.Dispose();
        if (_settler is not null) await _settler.DisposeAsync();
        foreach (var (name, wallet) in _wallets) if (name != "settler") wallet.Dispose();
        await _chain.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Ride_completes_with_node_and_settler_on_htlc_wallets_and_every_satoshi_is_on_chain_or_paid_to_miners()
    {
        var (rider, riderEvents) = await NodeAsync("rider", RiderFundingSats, work: null);
        var (driver, driverEvents) = await NodeAsync("driver", DriverFundingSats, new TaxiWork("r3gx", DriverPriceMsat, "driver: call 555-0100"));
        rider.Connect(driver.Address);
        await riderEvents.WaitForAsync<PeerUp>(cancellationToken: Ct).Within();
        var riderBefore = await _wallets["rider"].GetBalanceAsync(Ct);
        await AssertConservedAsync(locked: false);

        using var api = new ControlClient(rider.ControlUri!, rider.ControlToken!);
        var request = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        var offer = (await riderEvents.WaitForAsync<OfferReceived>(cancellationToken: Ct).Within()).Offer;
        Assert.Equal(SettlerFeeMsat + RoutingFeeMsat, offer.NetworkAmountMsat);
        await api.AcceptAsync(offer.OfferId, Ct);
        var revealed = await riderEvents.WaitForAsync<ContactRevealed>(cancellationToken: Ct).Within();
        Assert.Equal("driver: call 555-0100", revealed.Contact);
        await AssertConservedAsync(locked: true);

        await api.DoneAsync(request.RequestId, Ct);
        await driverEvents.WaitForAsync<MoneySettled>(m => m.Incoming && m.AmountMsat == DriverPriceMsat, cancellationToken: Ct).Within();
        await driverEvents.WaitForAsync<MoneySettled>(m => m.Incoming && m.AmountMsat == SettlerFeeMsat + RoutingFeeMsat, cancellationToken: Ct).Within();
        await riderEvents.WaitForAsync<MoneySettled>(m => !m.Incoming && m.AmountMsat == DriverPriceMsat, cancellationToken: Ct).Within();
        await WaitAsync(async () => (await _wallets["settler"].GetInvoiceAsync(Protocol.Bolt11.PaymentHash.FromBytes(offer.NetworkPaymentHash), Ct))?.State == InvoiceState.Settled);

        await AssertConservedAsync(locked: false);
        var settlerSats = await _wallets["settler"].GetBalanceAsync(Ct) / 1000;
        Assert.InRange(settlerSats, 1, SettlerFeeMsat / 1000 - 1);
        var riderSpent = riderBefore - await _wallets["rider"].GetBalanceAsync(Ct);
        Assert.InRange(riderSpent, DriverPriceMsat + SettlerFeeMsat + RoutingFeeMsat + 1, DriverPriceMsat + SettlerFeeMsat + RoutingFeeMsat + 2_000_000);
    }

    /// <summary>
    /// A replier who wants the settler's network invoice Accepted without paying it posts a funding notice whose contract
    /// pays the settler on the right hash but holds less than the invoice asks: the settler's wallet checks the output on
    /// chain and refuses, the invoice stays Open. The same notice with the full amount is taken (the check is what differs).
    /// </summary>
    [Fact]
    public async Task Settler_refuses_a_funding_notice_whose_contract_holds_less_than_its_invoice()
    {
        var settler = _wallets["settler"];
        var hash = Protocol.Bolt11.Preimage.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).Hash;
        await settler.CreateInvoiceAsync(new HodlInvoiceRequest(hash, 5_000_000, "gig-gossip network", 600, HtlcWalletConfig.InvoiceCltvDelta), Ct);
        var payer = Htlc.Transactions.EcdsaKey.Generate();
        var contract = new Htlc.Contract.HtlcContract(hash.Bytes, settler.PublicKey, payer.PublicKey, (uint)_chain.Height + 100);

        var underfunded = _chain.Mint(contract.ScriptPubKey, 4_999);
        _chain.Mine();
        var cheat = await _settlerClient.ReportFundingAsync(new HtlcFundingNotice(contract, Htlc.Transactions.OutPoint.FromTxid(underfunded.Txid, 0)).Encode(), Ct);
        var refused = Assert.IsType<SettlerRefused>(cheat);
        Assert.Equal(SettlerRefusal.BadRequest, refused.Reason);
        Assert.Contains("pays 4999 sat, the invoice asks 5000 sat", refused.Message);
        Assert.Equal(InvoiceState.Open, (await settler.GetInvoiceAsync(hash, Ct))!.State);

        var garbage = Assert.IsType<SettlerRefused>(await _settlerClient.ReportFundingAsync("htlc-funding:00:00:0", Ct));
        Assert.Equal(SettlerRefusal.BadRequest, garbage.Reason);

        var full = _chain.Mint(contract.ScriptPubKey, 5_000);
        _chain.Mine();
        Assert.IsType<Acknowledged>(await _settlerClient.ReportFundingAsync(new HtlcFundingNotice(contract, Htlc.Transactions.OutPoint.FromTxid(full.Txid, 0)).Encode(), Ct));
        Assert.Equal(InvoiceState.Accepted, (await settler.GetInvoiceAsync(hash, Ct))!.State);
    }

    /// <summary>
    /// Every wallet's balance is what the chain holds for it; minted coins are every wallet's coins, plus contracts not yet
    /// claimed or refunded (none unless <paramref name="locked"/>), plus the miners' fees.
    /// </summary>
    private async Task AssertConservedAsync(bool locked)
    {
        long balances = 0;
        foreach (var wallet in _wallets.Values)
        {
            await wallet.SyncAsync(Ct);
            var sats = await wallet.GetBalanceAsync(Ct) / 1000;
            Assert.Equal(_chain.UnspentTo(wallet.ScriptPubKey), sats);
            balances += sats;
        }
        var inContracts = _chain.UnspentTo() - balances;
        if (locked) Assert.True(inContracts > 0, "the ride's contracts hold the rider's money");
        else Assert.Equal(0, inContracts);
        Assert.Equal(_chain.Minted, balances + inContracts + _chain.FeesPaid);
    }

    private JsonObject WalletSection(string walletFile) => new()
    {
        ["kind"] = "htlc",
        ["rpcUrl"] = _chain.Endpoint.AbsoluteUri,
        ["rpcUser"] = "rpc",
        ["rpcPassword"] = "pw",
        ["walletFile"] = walletFile,
        ["network"] = "regtest",
        ["confirmations"] = 1,
        ["pollMilliseconds"] = 100,
    };

    private async Task<(NodeHost Host, NodeEventLog Events)> NodeAsync(string name, long fundingSats, TaxiWork? work)
    {
        var key = SecretKey.Generate();
        var wallet = NodeWallets.OpenHtlc(new HtlcWalletConfig(_chain.Endpoint, "rpc", "pw", null, Path.Combine(_dir, name + "-wallet.db"), "regtest", 1,
            TimeSpan.FromMilliseconds(100)), key.PublicKey.ToHex());
        _wallets[name] = wallet;
        _chain.Mint(wallet.ScriptPubKey, fundingSats);
        _chain.Mine();
        await WaitAsync(async () => await wallet.GetBalanceAsync(Ct) == fundingSats * 1000);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await _settlerClient.RegisterAsync(key, now, Ct);
        using (var admin = new SettlerAdminClient(_settler.BaseUri, _settler.AdminToken))
            await admin.GrantAsync(key.PublicKey, "driving_licence", cancellationToken: Ct);
        var certificate = await _settlerClient.RequestCertificateAsync(key, now, Ct);
        var host = await NodeHost.StartAsync(new NodeHostOptions
        {
            Identity = new NodeIdentity(key, certificate),
            Wallet = wallet,
            Settlers = uri => uri == _settler.Host.Uri ? _settlerClient : null,
            StatePath = Path.Combine(_dir, name, "state.db"),
            TrustedSettlers = [new TrustedSettlerAddress(_settler.Host.Uri, _settler.Host.PublicKey)],
            Policy = new NodePolicy { RoutingFeeMsat = RoutingFeeMsat, HoldDeltaMs = HtlcWalletConfig.HoldDeltaMs, SettlerPollMs = 200 },
            Sender = new SenderPolicy
            {
                AutoAcceptBestOffer = false, NetworkHoldMs = HtlcWalletConfig.NetworkHoldMs, ReplyHoldMs = HtlcWalletConfig.ReplyHoldMs, MaxNetworkFeeMsat = 10_000_000,
            },
            InvoiceCltvDelta = HtlcWalletConfig.InvoiceCltvDelta,
            Work = work,
            WorkSettlerUri = _settler.Host.Uri,
            Control = work is null ? new ControlApiOptions(Path.Combine(_dir, name, "control.token")) : null,
            PowThreads = 1,
        }, Ct);
        _hosts.Add(host);
        return (host, host.Events);
    }

    private static async Task WaitAsync(Func<Task<bool>> done)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        limit.CancelAfter(Bounded.Limit);
        while (!await done()) await Task.Delay(50, limit.Token);
    }
}
