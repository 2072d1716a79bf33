using System.Security.Cryptography;
using System.Text;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Chain;
using GigGossip.Htlc.Regtest;
using GigGossip.Htlc.Transactions;
using GigGossip.Htlc.Wallet;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using Microsoft.Extensions.Time.Testing;

namespace GigGossip.Htlc.Tests.Wallet;

/// <summary>
/// A regtest-like chain (the fake bitcoind over real HTTP on 127.0.0.1), a fake clock and HTLC wallets on SQLite files
/// in a fresh directory, each reaching the chain through the real JSON-RPC client.
/// </summary>
internal sealed class HtlcWalletWorld : IAsyncDisposable
{
    public const int StartHeight = 1_000;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<HtlcHodlWallet> _wallets = [];
    private readonly List<byte[]> _contractScripts = [];

    public HtlcWalletWorld()
    {
        Directory.CreateDirectory(Folder);
    }

    public RegtestBitcoinCore Node { get; } = new("rpc", "pw", StartHeight);

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "htlc-wallet-tests", Guid.NewGuid().ToString("N"));

    public BitcoinCoreRpcChainSource Chain => new(Node.Endpoint, BitcoinRpcCredentials.FromUserPassword("rpc", "pw"), _http);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static EcdsaKey KeyOf(string name) => EcdsaKey.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes("wallet key " + name)));

    public static (Preimage Preimage, PaymentHash Hash) Secret(string seed)
    {
        var preimage = Preimage.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes("preimage " + seed)));
        return (preimage, preimage.Hash);
    }

    public string PathOf(string name) => System.IO.Path.Combine(Folder, name + ".db");

    /// <summary>Opens (or reopens) the wallet named <paramref name="name"/>, keyed from its name.</summary>
    public async Task<HtlcHodlWallet> OpenAsync(string name, BitcoinNetwork? network = null)
    {
        var wallet = await HtlcHodlWallet.OpenAsync(PathOf(name), name, Chain, Time,
            new HtlcWalletOptions { Key = KeyOf(name), Network = network ?? BitcoinNetwork.Regtest, RequiredConfirmations = 3 }, Ct).Within();
        _wallets.Add(wallet);
        return wallet;
    }

    /// <summary>Closes a wallet as a crash would leave it: nothing but what SQLite committed survives.</summary>
    public void Close(HtlcHodlWallet wallet)
    {
        _wallets.Remove(wallet);
        wallet.Dispose();
    }

    /// <summary>New coins to the wallet, mined in the next block.</summary>
    public void Deposit(HtlcHodlWallet wallet, long sats)
    {
        Node.Mint(wallet.ScriptPubKey, sats);
        Node.Mine();
    }

    public async Task SyncAllAsync()
    {
        foreach (var wallet in _wallets) await wallet.SyncAsync(Ct).Within();
    }

    /// <summary>Mines <paramref name="blocks"/> blocks, then every wallet syncs.</summary>
    public async Task MineAsync(int blocks = 1)
    {
        Node.Mine(blocks);
        await SyncAllAsync();
    }

    /// <summary>Pays the invoice and hands the funding notice to its issuer (the channel between them is the test).</summary>
    public async Task<HtlcFundingNotice> PayAndReportAsync(HtlcHodlWallet payer, HtlcHodlWallet issuer, HodlInvoice invoice, uint? locktime = null)
    {
        if (locktime is { } l) await payer.PayWithLocktimeAsync(invoice.Bolt11, l, Ct).Within();
        else await payer.PayAsync(invoice.Bolt11, cancellationToken: Ct).Within();
        var notice = await payer.GetFundingNoticeAsync(invoice.PaymentHash, Ct).Within();
        _contractScripts.Add(notice.Contract.ScriptPubKey);
        await issuer.ReportFundingAsync(notice, Ct).Within();
        return notice;
    }

    /// <summary>Hands the funding notice of the payer's payment on the hash to the issuer and counts its contract as money to account for.</summary>
    public async Task<HtlcFundingNotice> ReportAsync(HtlcHodlWallet payer, HtlcHodlWallet issuer, PaymentHash paymentHash)
    {
        var notice = await payer.GetFundingNoticeAsync(paymentHash, Ct).Within();
        _contractScripts.Add(notice.Contract.ScriptPubKey);
        await issuer.ReportFundingAsync(notice, Ct).Within();
        return notice;
    }

    public static async Task<long> SatsAsync(HtlcHodlWallet wallet) => await wallet.GetBalanceAsync(Ct).Within() / 1000;

    /// <summary>
    /// Money conservation, after every wallet has synced: what was minted is exactly the wallets' balances plus what
    /// sits in unspent contract outputs plus the fees paid; and each wallet's balance is what the chain holds for it.
    /// </summary>
    public async Task AssertConservedAsync()
    {
        await SyncAllAsync();
        long balances = 0;
        foreach (var wallet in _wallets)
        {
            var sats = await SatsAsync(wallet);
            Assert.Equal(Node.UnspentTo(wallet.ScriptPubKey), sats);
            balances += sats;
        }
        var locked = _contractScripts.Distinct(new ScriptComparer()).Sum(script => Node.UnspentTo(script));
        Assert.Equal(Node.Minted, balances + locked + Node.FeesPaid);
        Assert.Equal(Node.Minted, Node.UnspentTo() + Node.FeesPaid);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var wallet in _wallets) wallet.Dispose();
        await Node.DisposeAsync();
        _http.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }

    private sealed class ScriptComparer : IEqualityComparer<byte[]>
    {
        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => obj.Length == 0 ? 0 : BitConverter.ToInt32(obj, obj.Length - 4);
    }
}
