using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Chain;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Transactions;
using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Htlc.Wallet;

/// <summary>
/// <see cref="IHodlWallet"/> over Bitcoin hashed time-lock contracts: one account, one key, one SQLite file, one
/// <see cref="IChainSource"/>. The payer funds an <see cref="HtlcContract"/> (payee key = the invoice's BOLT 11 payee
/// key, refund key = its own, locktime = its hold deadline as a block height) and sends the issuer the
/// <see cref="HtlcFundingNotice"/>; the issuer's invoice is Accepted once that output, paying exactly the contract's
/// script at least the amount, has <see cref="HtlcWalletOptions.RequiredConfirmations"/> confirmations. Settling
/// broadcasts the claim (it reveals the preimage); cancelling means never claiming, and the payer's wallet broadcasts
/// the refund once the locktime is reached. <see cref="SyncAsync"/> reads the chain (blocks since the last sync,
/// reorgs included) and makes those moves; nothing here reads a clock: the time comes from the host's
/// <see cref="TimeProvider"/>, block heights from the chain. Amounts are millisatoshi at the interface and whole
/// satoshis on chain. Calls are serialised.
/// </summary>
public sealed partial class HtlcHodlWallet : IHodlWallet, IDisposable
{
    private const string MetaKey = "secret_key";
    private const string MetaNetwork = "network";
    private const string MetaConfirmations = "confirmations";
    private const string MetaBirth = "birth_height";
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HtlcWalletDatabase _db;
    private readonly IChainSource _chain;
    private readonly TimeProvider _time;
    private readonly WalletCoinScript _coins;
    private readonly byte[] _secret;
    private readonly List<Channel<WalletEvent>> _watchers = [];
    private bool _disposed;

    private HtlcHodlWallet(string accountId, HtlcWalletDatabase db, IChainSource chain, TimeProvider time, EcdsaKey key,
        BitcoinNetwork network, int confirmations, int birthHeight, FeeRate feeRate, uint forwardingExpiryDelta)
    {
        AccountId = accountId;
        _db = db;
        _chain = chain;
        _time = time;
        _coins = new WalletCoinScript(key);
        _secret = Convert.FromHexString(key.SecretHex);
        Network = network;
        RequiredConfirmations = confirmations;
        BirthHeight = birthHeight;
        FeeRate = feeRate;
        ForwardingExpiryDelta = forwardingExpiryDelta;
    }

    public string AccountId { get; }

    public BitcoinNetwork Network { get; }

    public int RequiredConfirmations { get; }

    /// <summary>The first block this wallet scans.</summary>
    public int BirthHeight { get; }

    public FeeRate FeeRate { get; }

    public uint ForwardingExpiryDelta { get; }

    /// <summary>The wallet's key: payee key of its invoices (their BOLT 11 payee) and refund key of its payments.</summary>
    public byte[] PublicKey => _coins.Key.PublicKey;

    /// <summary>Where to send coins to this wallet (P2WSH of &lt;key&gt; OP_CHECKSIG); deposits count once confirmed.</summary>
    public SegwitAddress Address => SegwitAddress.FromScriptPubKey(_coins.ScriptPubKey, Network)!;

    public byte[] ScriptPubKey => _coins.ScriptPubKey;

    /// <summary>
    /// Opens the wallet file (":memory:" for none), creating it with <paramref name="options"/> (birth height: the tip)
    /// if it is new; a file made for another network is an <see cref="HtlcWalletFileException"/>.
    /// </summary>
    public static async Task<HtlcHodlWallet> OpenAsync(string path, string accountId, IChainSource chain, TimeProvider time,
        HtlcWalletOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new HtlcWalletOptions();
        if (options.RequiredConfirmations < 1) throw new ArgumentOutOfRangeException(nameof(options), "at least one confirmation is required");
        LedgerAccounts.Validate(accountId);
        var birth = options.BirthHeight ?? await Call(() => chain.GetBlockCountAsync(cancellationToken));
        var birthHash = await Call(() => chain.GetBlockHashAsync(birth, cancellationToken));
        var db = HtlcWalletDatabase.Open(path, () => new Dictionary<string, string>
        {
            [MetaKey] = (options.Key ?? EcdsaKey.Generate()).SecretHex,
            [MetaNetwork] = options.Network.Name,
            [MetaConfirmations] = options.RequiredConfirmations.ToString(CultureInfo.InvariantCulture),
            [MetaBirth] = birth.ToString(CultureInfo.InvariantCulture),
        });
        try
        {
            var meta = db.Meta();
            var network = BitcoinNetwork.Parse(meta[MetaNetwork]);
            if (network != options.Network) throw new HtlcWalletFileException($"'{path}' is a {network} wallet, not {options.Network}");
            var storedBirth = int.Parse(meta[MetaBirth], CultureInfo.InvariantCulture);
            db.Execute("INSERT OR IGNORE INTO blocks (height, hash) VALUES ($h, $hash)", ("$h", storedBirth), ("$hash", storedBirth == birth ? birthHash : ""));
            return new HtlcHodlWallet(accountId, db, chain, time, EcdsaKey.FromHex(meta[MetaKey]), network,
                int.Parse(meta[MetaConfirmations], CultureInfo.InvariantCulture), storedBirth, options.FeeRate, options.ForwardingExpiryDelta);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public Task<long> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        Locked(() => Task.FromResult(SpendableCoins().Sum(c => c.Value) * 1000), cancellationToken);

    public IAsyncEnumerable<WalletEvent> WatchAsync(CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<WalletEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_watchers)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _watchers.Add(channel);
        }
        return Read(channel, cancellationToken);
    }

    public void Dispose()
    {
        lock (_watchers)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var channel in _watchers) channel.Writer.TryComplete();
        }
        StopFollowing();
        _gate.Wait();
        _db.Dispose();
        _gate.Dispose();
    }

    /// <summary>Keeps a transaction this wallet made until a scanned block holds it: <see cref="SyncAsync"/> rebroadcasts it while the node does not know it.</summary>
    private void Enqueue(Transaction tx) =>
        _db.Execute("INSERT OR IGNORE INTO outbox (txid, hex) VALUES ($txid, $hex)", ("$txid", tx.Txid), ("$hex", tx.ToHex()));

    /// <summary>
    /// Broadcasts a transaction whose state change is already committed. When the node refuses it, <paramref name="undo"/>
    /// takes the change back (with the transaction's coins and outbox entry) and the refusal is thrown; when the node
    /// cannot be reached the change stands (the operation may have happened) and the next sync rebroadcasts.
    /// </summary>
    private async Task BroadcastRecordedAsync(Transaction tx, Action undo, CancellationToken cancellationToken)
    {
        try
        {
            await Broadcast(tx, cancellationToken);
        }
        catch (WalletException e) when (e.Error == WalletError.ChainRejected)
        {
            _db.InTransaction(() =>
            {
                undo();
                _db.Execute("DELETE FROM coins WHERE txid = $txid", ("$txid", tx.Txid));
                _db.Execute("DELETE FROM outbox WHERE txid = $txid", ("$txid", tx.Txid));
                return 0;
            });
            throw;
        }
    }

    private void AddOwnCoin(Transaction tx, int vout) =>
        _db.Execute("INSERT OR IGNORE INTO coins (txid, vout, value, height, own) VALUES ($txid, $vout, $value, NULL, 1)",
            ("$txid", tx.Txid), ("$vout", vout), ("$value", tx.Outputs[vout].Satoshis));

    /// <summary>Unspent coins that are confirmed or made by this wallet's own transactions.</summary>
    private List<WalletCoin> SpendableCoins() =>
        _db.Query("SELECT txid, vout, value FROM coins WHERE spent_by IS NULL AND (height IS NOT NULL OR own = 1) ORDER BY txid, vout",
            r => new WalletCoin(r.GetString(0), (uint)r.GetInt64(1), r.GetInt64(2)));

    private static Bolt11Network Bolt11NetworkOf(BitcoinNetwork network) =>
        network == BitcoinNetwork.Mainnet ? Bolt11Network.Bitcoin : network == BitcoinNetwork.Testnet ? Bolt11Network.Testnet : Bolt11Network.Regtest;

    private Task<int> TipAsync(CancellationToken cancellationToken) => Call(() => _chain.GetBlockCountAsync(cancellationToken));

    private async Task Broadcast(Transaction tx, CancellationToken cancellationToken) => await Call(() => _chain.SendRawTransactionAsync(tx.ToHex(), cancellationToken));

    /// <summary>A chain call whose failure is the wallet's: a refusal is <see cref="WalletError.ChainRejected"/>, anything else <see cref="WalletError.Unreachable"/>.</summary>
    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (ChainSourceException e)
        {
            throw new WalletException(e.Error == ChainSourceError.Rpc ? WalletError.ChainRejected : WalletError.Unreachable, e.Message, e);
        }
    }

    private async Task<T> Locked<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            Publish(ExpireInvoices());
            return await call();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Publish(IEnumerable<WalletEvent> events)
    {
        lock (_watchers)
            foreach (var walletEvent in events)
            foreach (var channel in _watchers)
                channel.Writer.TryWrite(walletEvent);
    }

    private async IAsyncEnumerable<WalletEvent> Read(Channel<WalletEvent> channel, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var walletEvent in channel.Reader.ReadAllAsync(cancellationToken)) yield return walletEvent;
        }
        finally
        {
            lock (_watchers) _watchers.Remove(channel);
        }
    }
}
