using GigGossip.Protocol.Bolt11;
using System.Text.Json.Nodes;
using GigGossip.Cli.Config;
using GigGossip.Htlc.Regtest;
using GigGossip.Htlc.Transactions;
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
    private readonly Dictionary<string, NodeIdentity> _identities = [];
    private string _settlerConfig = null!;
    private SettlerServer _settler = null!;
    private SettlerHttpClient _settlerClient = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var config = Path.Combine(_dir, "settler.json");
        _settlerConfig = config;
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
        await StartSettlerAsync();
    }

    private async Task StartSettlerAsync()
    {
        var options = SettlerConfig.Load(_settlerConfig);
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
        var (request, offer) = await RequestAsync(api, riderEvents);
        Assert.Equal(SettlerFeeMsat + RoutingFeeMsat, offer.NetworkAmountMsat);
        await api.AcceptAsync(offer.OfferId, Ct);
        var revealed = await riderEvents.WaitForAsync<ContactRevealed>(cancellationToken: Ct).Within();
        Assert.Equal("driver: call 555-0100", revealed.Contact);
        await AssertConservedAsync(locked: true);

        await DoneAndSettledAsync(api, request, offer, riderEvents, driverEvents);
        await driverEvents.WaitForAsync<MoneySettled>(m => m.Incoming && m.AmountMsat == SettlerFeeMsat + RoutingFeeMsat, cancellationToken: Ct).Within();
        var settlerSats = await _wallets["settler"].GetBalanceAsync(Ct) / 1000;
        Assert.InRange(settlerSats, 1, SettlerFeeMsat / 1000 - 1);
        var riderSpent = riderBefore - await _wallets["rider"].GetBalanceAsync(Ct);
        Assert.InRange(riderSpent, DriverPriceMsat + SettlerFeeMsat + RoutingFeeMsat + 1, DriverPriceMsat + SettlerFeeMsat + RoutingFeeMsat + 2_000_000);
    }

    /// <summary>
    /// The driver takes the rider's funding notices while its bitcoind drops every getrawtransaction: its wallet cannot
    /// check them, so it keeps them in the node's state file. The driver is then stopped and started again on the same
    /// files (as after a kill): the kept notices go to its wallet, its invoices become Accepted and the ride completes
    /// with every satoshi accounted for. Without the kept notices the driver's invoices stay Open and the ride never goes on.
    /// </summary>
    [Fact]
    public async Task Funding_notices_the_wallet_could_not_check_survive_a_restart_of_the_payee_and_the_ride_completes()
    {
        var work = new TaxiWork("r3gx", DriverPriceMsat, "driver: call 555-0100");
        var (rider, riderEvents) = await NodeAsync("rider", RiderFundingSats, work: null);
        var (driver, driverEvents) = await NodeAsync("driver", DriverFundingSats, work);
        rider.Connect(driver.Address);
        await riderEvents.WaitForAsync<PeerUp>(cancellationToken: Ct).Within();

        using var api = new ControlClient(rider.ControlUri!, rider.ControlToken!);
        var (request, offer) = await RequestAsync(api, riderEvents);
        _chain.Unanswered.Add("getrawtransaction");
        await api.AcceptAsync(offer.OfferId, Ct);
        await WaitAsync(() => Task.FromResult(_chain.UnansweredCalls >= 2));
        Assert.DoesNotContain(driverEvents.Since(0), e => e.Event is FundingNoticeTaken);

        (driver, driverEvents) = await RestartAsync("driver", driver, work);
        _chain.Unanswered.Clear();
        rider.Connect(driver.Address);
        await driverEvents.WaitForAsync<FundingNoticeTaken>(t => t.Kept, cancellationToken: Ct).Within();
        var revealed = await riderEvents.WaitForAsync<ContactRevealed>(cancellationToken: Ct).Within();
        Assert.Equal("driver: call 555-0100", revealed.Contact);
        await AssertConservedAsync(locked: true);

        await DoneAndSettledAsync(api, request, offer, riderEvents, driverEvents);
    }

    /// <summary>
    /// The reply invoice's funding notice goes from the rider to the driver through a middleman, sealed to the reply
    /// invoice's payee key: the middleman passes on a box its own wallet cannot open (and no clear notice), the driver's
    /// wallet opens it to a notice for its own contract, and the ride settles with every satoshi accounted for.
    /// </summary>
    [Fact]
    public async Task A_middleman_passes_on_the_reply_funding_notice_sealed_to_the_driver_and_cannot_open_it()
    {
        var (rider, riderEvents) = await NodeAsync("rider", RiderFundingSats, work: null);
        var (middleman, middlemanEvents) = await NodeAsync("middleman", RiderFundingSats, work: null);
        var (driver, driverEvents) = await NodeAsync("driver", DriverFundingSats, new TaxiWork("r3gx", DriverPriceMsat, "driver: call 555-0100"));
        rider.Connect(middleman.Address);
        middleman.Connect(driver.Address);
        await riderEvents.WaitForAsync<PeerUp>(cancellationToken: Ct).Within();
        await driverEvents.WaitForAsync<PeerUp>(cancellationToken: Ct).Within();

        using var api = new ControlClient(rider.ControlUri!, rider.ControlToken!);
        var (request, offer) = await RequestAsync(api, riderEvents);
        await api.AcceptAsync(offer.OfferId, Ct);
        await riderEvents.WaitForAsync<ContactRevealed>(cancellationToken: Ct).Within();

        var passed = await middlemanEvents.WaitForAsync<FundingNoticePassedOn>(cancellationToken: Ct).Within();
        Assert.Equal(rider.Id, passed.From);
        Assert.Equal(driver.Id, passed.To);
        Assert.Equal("", passed.ClearNotice);
        Assert.Throws<DecryptionFailedException>(() => ((IFundingNoticeWallet)_wallets["middleman"]).OpenSealedNotice(passed.SealedNotice));
        var opened = HtlcFundingNotice.Parse(((IFundingNoticeWallet)_wallets["driver"]).OpenSealedNotice(passed.SealedNotice));
        Assert.Equal(offer.ReplyPaymentHash, opened.Contract.PaymentHash.ToArray());
        Assert.Equal(_wallets["driver"].PublicKey, opened.Contract.PayeeKey.ToArray());
        Assert.Equal(-1, passed.SealedNotice.AsSpan().IndexOf(opened.Contract.PaymentHash));

        await DoneAndSettledAsync(api, request, offer, riderEvents, driverEvents, middlemanEvents);
    }

    /// <summary>
    /// A peer that changes a sealed funding notice on the way (one bit of the box) gets it refused by the payee with the
    /// reason; the same box unchanged opens and reaches the wallet, which refuses it for what it says (no such invoice).
    /// </summary>
    [Fact]
    public async Task A_tampered_sealed_funding_notice_is_refused_by_the_payee_with_the_reason()
    {
        var (driver, driverEvents) = await NodeAsync("driver", DriverFundingSats, new TaxiWork("r3gx", DriverPriceMsat, "driver: call 555-0100"));
        var payer = Htlc.Transactions.EcdsaKey.Generate();
        var contract = new Htlc.Contract.HtlcContract(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), _wallets["driver"].PublicKey, payer.PublicKey,
            (uint)_chain.Height + 100);
        var notice = new HtlcFundingNotice(contract, Outpoints.FromTxid(new string('a', 64), 0)).Encode();
        var sealedNotice = SealedFundingNotice.Seal(notice, _wallets["driver"].PublicKey);
        var tampered = sealedNotice.ToArray();
        tampered[40] ^= 0x01;

        await using var peer = await Hostile.RawPeer.ConnectAsync(driver.Address);
        await peer.HandshakeAsync(driver.Address);
        await peer.SendMessageAsync(FrameMessage(tampered));
        var refused = await driverEvents.WaitForAsync<FundingNoticeRefused>(cancellationToken: Ct).Within();
        Assert.Equal(peer.Key.PublicKey, refused.Peer);
        Assert.Contains("does not open with this wallet's key", refused.Reason);

        await peer.SendMessageAsync(FrameMessage(sealedNotice));
        var second = await driverEvents.WaitForAsync<FundingNoticeRefused>(r => r.Reason.Contains("wallet refused"), cancellationToken: Ct).Within();
        Assert.Contains("no invoice on payment hash", second.Reason);
    }

    private static byte[] FrameMessage(byte[] sealedNotice)
    {
        var frame = new Protocol.Frames.Frame
        {
            FundingNotice = new Protocol.Frames.FundingNoticeFrame
            {
                NetworkPaymentHash = Google.Protobuf.ByteString.CopyFrom(new byte[32]),
                SealedNotice = Google.Protobuf.ByteString.CopyFrom(sealedNotice),
            },
        };
        return [(byte)GigGossip.Network.Peers.PeerMessageType.Frame, .. Google.Protobuf.MessageExtensions.ToByteArray(frame)];
    }

    /// <summary>
    /// A funding notice the settler acknowledged while the funding was still unconfirmed is kept across a restart of the
    /// settler (its wallet file holds it): once the funding confirms, the restarted settler's invoice becomes Accepted.
    /// </summary>
    [Fact]
    public async Task A_funding_notice_the_settler_acknowledged_survives_a_settler_restart()
    {
        var hash = Protocol.Bolt11.Preimage.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).Hash;
        await _wallets["settler"].CreateInvoiceAsync(new HodlInvoiceRequest(hash, 5_000_000, "gig-gossip network", 600, HtlcWalletConfig.InvoiceCltvDelta), Ct);
        var contract = new Htlc.Contract.HtlcContract(hash.Bytes, _wallets["settler"].PublicKey, Htlc.Transactions.EcdsaKey.Generate().PublicKey, (uint)_chain.Height + 100);
        var funding = _chain.Mint(contract.ScriptPubKey, 5_000);
        Assert.IsType<Acknowledged>(await _settlerClient.ReportFundingAsync(new HtlcFundingNotice(contract, Outpoints.FromTxid(funding.Txid, 0)).Encode(), Ct));
        Assert.Equal(InvoiceState.Open, (await _wallets["settler"].GetInvoiceAsync(hash, Ct))!.State);

        _settlerClient.Dispose();
        await _settler.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await StartSettlerAsync();
        _chain.Mine();

        await WaitAsync(async () => (await _wallets["settler"].GetInvoiceAsync(hash, Ct))!.State == InvoiceState.Accepted);
    }

    /// <summary>
    /// The replier's funding notice reaches the settler while the settler's bitcoind drops every getrawtransaction: the
    /// settler answers NotYet and keeps the notice, and hands it to its wallet again until bitcoind answers; then the invoice
    /// becomes Accepted without the replier sending anything again. Without the settler's retry it stays Open (the wallet
    /// cannot find a contract whose refund key it does not know without the notice).
    /// </summary>
    [Fact]
    public async Task A_funding_notice_the_settlers_bitcoind_could_not_check_is_retried_by_the_settler_until_its_wallet_takes_it()
    {
        var settler = _wallets["settler"];
        var hash = Protocol.Bolt11.Preimage.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)).Hash;
        await settler.CreateInvoiceAsync(new HodlInvoiceRequest(hash, 5_000_000, "gig-gossip network", 600, HtlcWalletConfig.InvoiceCltvDelta), Ct);
        var contract = new Htlc.Contract.HtlcContract(hash.Bytes, settler.PublicKey, Htlc.Transactions.EcdsaKey.Generate().PublicKey, (uint)_chain.Height + 100);
        var funding = _chain.Mint(contract.ScriptPubKey, 5_000);
        _chain.Mine();
        _chain.Unanswered.Add("getrawtransaction");

        var answer = await _settlerClient.ReportFundingAsync(new HtlcFundingNotice(contract, Outpoints.FromTxid(funding.Txid, 0)).Encode(), Ct);
        var notYet = Assert.IsType<SettlerRefused>(answer);
        Assert.Equal(SettlerRefusal.NotYet, notYet.Reason);
        Assert.Contains("keeps the notice", notYet.Message);
        var dropped = _chain.UnansweredCalls;
        await WaitAsync(() => Task.FromResult(_chain.UnansweredCalls > dropped));
        Assert.Equal(InvoiceState.Open, (await settler.GetInvoiceAsync(hash, Ct))!.State);

        _chain.Unanswered.Clear();
        await WaitAsync(async () => (await settler.GetInvoiceAsync(hash, Ct))!.State == InvoiceState.Accepted);
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
        var cheat = await _settlerClient.ReportFundingAsync(new HtlcFundingNotice(contract, Outpoints.FromTxid(underfunded.Txid, 0)).Encode(), Ct);
        var refused = Assert.IsType<SettlerRefused>(cheat);
        Assert.Equal(SettlerRefusal.BadRequest, refused.Reason);
        Assert.Contains("pays 4999 sat, the invoice asks 5000 sat", refused.Message);
        Assert.Equal(InvoiceState.Open, (await settler.GetInvoiceAsync(hash, Ct))!.State);

        var garbage = Assert.IsType<SettlerRefused>(await _settlerClient.ReportFundingAsync("htlc-funding:00:00:0", Ct));
        Assert.Equal(SettlerRefusal.BadRequest, garbage.Reason);

        var full = _chain.Mint(contract.ScriptPubKey, 5_000);
        _chain.Mine();
        Assert.IsType<Acknowledged>(await _settlerClient.ReportFundingAsync(new HtlcFundingNotice(contract, Outpoints.FromTxid(full.Txid, 0)).Encode(), Ct));
        Assert.Equal(InvoiceState.Accepted, (await settler.GetInvoiceAsync(hash, Ct))!.State);
    }

    /// <summary>The rider asks for a ride; the driver's offer comes back.</summary>
    private static async Task<(RequestStarted Request, Offer Offer)> RequestAsync(ControlClient api, NodeEventLog riderEvents)
    {
        var request = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        return (request, (await riderEvents.WaitForAsync<OfferReceived>(cancellationToken: Ct).Within()).Offer);
    }

    /// <summary>
    /// The rider reports the ride done: the driver is paid its price, the settler's invoice is settled, the driver and each
    /// middleman have claimed their incoming network contracts (they learn the preimage after the settler), and every
    /// satoshi is accounted for.
    /// </summary>
    private async Task DoneAndSettledAsync(ControlClient api, RequestStarted request, Offer offer, NodeEventLog riderEvents, NodeEventLog driverEvents,
        params NodeEventLog[] middlemenEvents)
    {
        await api.DoneAsync(request.RequestId, Ct);
        await driverEvents.WaitForAsync<MoneySettled>(m => m.Incoming && m.AmountMsat == DriverPriceMsat, cancellationToken: Ct).Within();
        await riderEvents.WaitForAsync<MoneySettled>(m => !m.Incoming && m.AmountMsat == DriverPriceMsat, cancellationToken: Ct).Within();
        await WaitAsync(async () => (await _wallets["settler"].GetInvoiceAsync(Protocol.Bolt11.PaymentHash.FromBytes(offer.NetworkPaymentHash), Ct))?.State == InvoiceState.Settled);
        foreach (var hop in middlemenEvents.Prepend(driverEvents))
            await hop.WaitForAsync<MoneySettled>(m => m.Incoming && m.PaymentHash.SequenceEqual(offer.NetworkPaymentHash), cancellationToken: Ct).Within();
        await AssertConservedAsync(locked: false);
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
        var wallet = OpenWallet(name, key);
        _chain.Mint(wallet.ScriptPubKey, fundingSats);
        _chain.Mine();
        await WaitAsync(async () => await wallet.GetBalanceAsync(Ct) == fundingSats * 1000);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await _settlerClient.RegisterAsync(key, now, Ct);
        using (var admin = new SettlerAdminClient(_settler.BaseUri, _settler.AdminToken))
            await admin.GrantAsync(key.PublicKey, "driving_licence", cancellationToken: Ct);
        var certificate = await _settlerClient.RequestCertificateAsync(key, now, Ct);
        _identities[name] = new NodeIdentity(key, certificate);
        return await StartHostAsync(name, wallet, work);
    }

    /// <summary>Stops a node and its wallet and starts them again on the same state and wallet files (nothing is saved at the stop that was not saved before).</summary>
    private async Task<(NodeHost Host, NodeEventLog Events)> RestartAsync(string name, NodeHost host, TaxiWork? work)
    {
        await host.DisposeAsync();
        _hosts.Remove(host);
        _wallets[name].Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        return await StartHostAsync(name, OpenWallet(name, _identities[name].Key), work);
    }

    private HtlcHodlWallet OpenWallet(string name, SecretKey key) => _wallets[name] =
        NodeWallets.OpenHtlc(new HtlcWalletConfig(_chain.Endpoint, "rpc", "pw", null, Path.Combine(_dir, name + "-wallet.db"), "regtest", 1,
            TimeSpan.FromMilliseconds(100)), key.PublicKey.ToHex());

    private async Task<(NodeHost Host, NodeEventLog Events)> StartHostAsync(string name, HtlcHodlWallet wallet, TaxiWork? work)
    {
        var host = await NodeHost.StartAsync(new NodeHostOptions
        {
            Identity = _identities[name],
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
