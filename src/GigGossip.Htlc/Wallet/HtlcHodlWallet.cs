using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
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
        BitcoinNetwork network, int confirmations, int birthHeight, FeeRate feeRate)
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
    }

    public string AccountId { get; }

    public BitcoinNetwork Network { get; }

    public int RequiredConfirmations { get; }

    /// <summary>The first block this wallet scans.</summary>
    public int BirthHeight { get; }

    public FeeRate FeeRate { get; }

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
                int.Parse(meta[MetaConfirmations], CultureInfo.InvariantCulture), storedBirth, options.FeeRate);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    public Task<long> GetBalanceAsync(CancellationToken cancellationToken = default) =>
        Locked(() => Task.FromResult(SpendableCoins().Sum(c => c.Value) * 1000), cancellationToken);

    public Task<HodlInvoice> CreateInvoiceAsync(HodlInvoiceRequest request, CancellationToken cancellationToken = default) => Locked(() =>
    {
        ArgumentNullException.ThrowIfNull(request.PaymentHash);
        RequireOnChainAmount(request.AmountMsat);
        if (request.Description is null || Encoding.UTF8.GetByteCount(request.Description) > 639)
            throw new WalletException(WalletError.InvalidArgument, "description must be at most 639 bytes of UTF-8");
        if (request.ExpirySeconds is < 1 or > HodlTiming.MaxExpirySeconds)
            throw new WalletException(WalletError.InvalidArgument, $"expiry must be 1-{HodlTiming.MaxExpirySeconds} seconds");
        if (request.MinFinalCltvExpiryDelta is < 1 or > HodlTiming.MaxCltvExpiryDelta)
            throw new WalletException(WalletError.InvalidArgument, $"min_final_cltv_expiry_delta must be 1-{HodlTiming.MaxCltvExpiryDelta} blocks");
        if (FindInvoice(request.PaymentHash) is not null)
            throw new WalletException(WalletError.DuplicateInvoice, $"account {AccountId} already has an invoice on payment hash {request.PaymentHash}");
        var timestamp = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        var secret = PaymentSecret.FromBytes(HMACSHA256.HashData(_secret, (byte[])[.. "gig-gossip/htlc-payment-secret"u8, .. request.PaymentHash.Bytes]));
        var bolt11 = Bolt11Encoder.Encode(new Bolt11InvoiceDraft(Bolt11NetworkOf(Network), request.AmountMsat, timestamp, request.PaymentHash, secret,
            request.Description, ExpirySeconds: request.ExpirySeconds, MinFinalCltvExpiryDelta: request.MinFinalCltvExpiryDelta), _secret);
        _db.Execute("""
            INSERT INTO invoices (payment_hash, payment_secret, amount_msat, description, bolt11, created_at, expires_at, min_final_cltv, state)
            VALUES ($hash, $secret, $amount, $description, $bolt11, $created, $expires, $cltv, 0)
            """,
            ("$hash", request.PaymentHash.ToArray()), ("$secret", secret.ToArray()), ("$amount", request.AmountMsat), ("$description", request.Description),
            ("$bolt11", bolt11), ("$created", timestamp.ToUnixTimeMilliseconds()), ("$expires", (timestamp.ToUnixTimeSeconds() + request.ExpirySeconds) * 1000),
            ("$cltv", request.MinFinalCltvExpiryDelta));
        return Task.FromResult(FindInvoice(request.PaymentHash)!.ToInvoice(AccountId));
    }, cancellationToken);

    /// <summary>
    /// Funds the invoice's contract with a locktime of the tip plus the blocks until <paramref name="holdUntil"/>
    /// (10 minutes a block; by default the invoice's <c>min_final_cltv_expiry_delta</c>) and broadcasts it.
    /// Send <see cref="GetFundingNoticeAsync"/> to the issuer.
    /// </summary>
    public Task<HodlPayment> PayAsync(string bolt11, DateTimeOffset? holdUntil = null, CancellationToken cancellationToken = default) => Locked(async () =>
    {
        var invoice = DecodeForPayment(bolt11);
        var tip = await TipAsync(cancellationToken);
        var blocks = holdUntil is { } until ? (long)Math.Ceiling((until - _time.GetUtcNow()) / HodlTiming.BlockInterval) : invoice.MinFinalCltvExpiryDelta;
        if (blocks < invoice.MinFinalCltvExpiryDelta || blocks > HodlTiming.MaxCltvExpiryDelta)
            throw new WalletException(WalletError.InvalidHold,
                $"the hold must be {invoice.MinFinalCltvExpiryDelta}-{HodlTiming.MaxCltvExpiryDelta} blocks (the invoice's minimum to two weeks), got {blocks}");
        return await FundAsync(invoice, (uint)(tip + blocks), tip, cancellationToken);
    }, cancellationToken);

    /// <summary>
    /// Funds the invoice's contract with the given block-height <paramref name="locktime"/> (a hop of a chain takes it from
    /// <see cref="HtlcTimeoutPlan"/>); it must leave the issuer at least the invoice's <c>min_final_cltv_expiry_delta</c> blocks.
    /// </summary>
    public Task<HodlPayment> PayWithLocktimeAsync(string bolt11, uint locktime, CancellationToken cancellationToken = default) => Locked(async () =>
    {
        var invoice = DecodeForPayment(bolt11);
        var tip = await TipAsync(cancellationToken);
        if (locktime <= tip) throw new WalletException(WalletError.InvalidHold, $"locktime {locktime} is not after the tip {tip}: the contract would be refundable at once");
        if (locktime >= Transaction.LocktimeThreshold) throw new WalletException(WalletError.InvalidHold, $"locktime {locktime} is not a block height");
        if (locktime - tip < invoice.MinFinalCltvExpiryDelta || locktime - tip > HodlTiming.MaxCltvExpiryDelta)
            throw new WalletException(WalletError.InvalidHold,
                $"locktime {locktime} is {locktime - tip} blocks after the tip; the hold must be {invoice.MinFinalCltvExpiryDelta}-{HodlTiming.MaxCltvExpiryDelta} blocks");
        return await FundAsync(invoice, locktime, tip, cancellationToken);
    }, cancellationToken);

    /// <summary>The notice to send the issuer of the payment on this hash, so it can find and check the contract.</summary>
    public Task<HtlcFundingNotice> GetFundingNoticeAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => Locked(() =>
    {
        var row = FindPayment(paymentHash) ?? throw new WalletException(WalletError.UnknownInvoice, $"account {AccountId} has no payment on payment hash {paymentHash}");
        return Task.FromResult(new HtlcFundingNotice(HtlcContract.FromWitnessScript(row.WitnessScript), OutPoint.FromTxid(row.FundingTxid, row.FundingVout)));
    }, cancellationToken);

    /// <summary>
    /// The signed transactions of the payment on this hash, as hex for any wallet or node to broadcast: the funding
    /// transaction, then the refund once it is made.
    /// </summary>
    public Task<IReadOnlyList<string>> ExportTransactionsAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => Locked(() =>
    {
        var row = FindPayment(paymentHash) ?? throw new WalletException(WalletError.UnknownInvoice, $"account {AccountId} has no payment on payment hash {paymentHash}");
        IReadOnlyList<string> hexes = row.RefundHex is null ? [row.FundingHex] : [row.FundingHex, row.RefundHex];
        return Task.FromResult(hexes);
    }, cancellationToken);

    /// <summary>
    /// The issuer takes a payer's <see cref="HtlcFundingNotice"/>: the contract must pay this wallet's key on the hash of
    /// one of its Open invoices with a locktime leaving at least its <c>min_final_cltv_expiry_delta</c> blocks, and, when
    /// the node already knows the funding transaction, its output must pay the contract's script at least the amount.
    /// The invoice becomes Accepted at once if the funding is deep enough, otherwise at a later <see cref="SyncAsync"/>.
    /// </summary>
    public Task<HodlInvoice> ReportFundingAsync(HtlcFundingNotice notice, CancellationToken cancellationToken = default) => Locked(async () =>
    {
        var contract = notice.Contract;
        var hash = PaymentHash.FromBytes(contract.PaymentHash);
        var row = FindInvoice(hash) ?? throw new WalletException(WalletError.UnknownInvoice, $"account {AccountId} has no invoice on payment hash {hash}");
        if (!contract.PayeeKey.SequenceEqual(PublicKey)) throw new WalletException(WalletError.InvalidArgument, "the contract pays another key, not this wallet's");
        if (row.State != InvoiceState.Open) throw InvoiceNotOpen(row.State);
        var tip = await TipAsync(cancellationToken);
        if (!contract.IsHeightLocked || contract.Locktime <= tip || contract.Locktime - tip < row.MinFinalCltv)
            throw new WalletException(WalletError.InvalidHold,
                $"the contract's locktime {contract.Locktime} leaves {(long)contract.Locktime - tip} blocks after the tip {tip}; the invoice needs at least {row.MinFinalCltv}");
        var funding = await Call(() => _chain.GetRawTransactionAsync(notice.Funding.Txid, cancellationToken));
        if (funding is not null && FundingProblem(funding.Transaction, notice, row) is { } problem) throw new WalletException(WalletError.InvalidArgument, problem);
        _db.Execute("INSERT OR IGNORE INTO notices (payment_hash, witness_script, funding_txid, funding_vout) VALUES ($hash, $script, $txid, $vout)",
            ("$hash", row.PaymentHash), ("$script", contract.WitnessScript), ("$txid", notice.Funding.Txid), ("$vout", (long)notice.Funding.Index));
        Publish(await AcceptFundedAsync(tip, cancellationToken));
        return FindInvoice(hash)!.ToInvoice(AccountId);
    }, cancellationToken);

    /// <summary>Broadcasts the claim of the Accepted invoice's contract (which reveals the preimage); the coins come to this wallet.</summary>
    public Task<HodlInvoice> SettleAsync(PaymentHash paymentHash, Preimage preimage, CancellationToken cancellationToken = default) => Locked(async () =>
    {
        var row = FindInvoice(paymentHash) ?? throw new WalletException(WalletError.UnknownInvoice, $"account {AccountId} has no invoice on payment hash {paymentHash}");
        if (!preimage.Matches(paymentHash)) throw new WalletException(WalletError.WrongPreimage, $"SHA256 of the preimage is not payment hash {paymentHash}");
        switch (row.State)
        {
            case InvoiceState.Open: throw new WalletException(WalletError.NotAccepted, "invoice is not paid yet: only an Accepted invoice can be settled");
            case InvoiceState.Settled: throw new WalletException(WalletError.AlreadySettled, "invoice is already settled");
            case InvoiceState.Cancelled: throw new WalletException(WalletError.AlreadyCancelled, "invoice is cancelled");
        }
        var contract = HtlcContract.FromWitnessScript(row.WitnessScript!);
        var tip = await TipAsync(cancellationToken);
        if (tip >= contract.Locktime)
            throw new WalletException(WalletError.HoldDeadlinePassed, $"the tip {tip} has reached the contract's locktime {contract.Locktime}: the payer can refund, the claim is not safe");
        var funding = new HtlcFunding(OutPoint.FromTxid(row.FundingTxid!, row.FundingVout!.Value), row.FundingValue!.Value);
        Transaction claim;
        try
        {
            claim = HtlcSpendBuilder.Claim(contract, funding, preimage.Bytes, _coins.Key, _coins.ScriptPubKey, FeeRate);
        }
        catch (HtlcException e)
        {
            throw new WalletException(WalletError.InvalidAmount, $"cannot claim: {e.Message}");
        }
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _db.InTransaction(() =>
        {
            _db.Execute("UPDATE invoices SET state = 2, preimage = $preimage, claim_hex = $claim, resolved_at = $now WHERE payment_hash = $hash",
                ("$preimage", preimage.ToArray()), ("$claim", claim.ToHex()), ("$now", now), ("$hash", row.PaymentHash));
            AddOwnCoin(claim, 0);
            Enqueue(claim);
            return 0;
        });
        await BroadcastRecordedAsync(claim, () => _db.Execute(
            "UPDATE invoices SET state = 1, preimage = NULL, claim_hex = NULL, resolved_at = NULL WHERE payment_hash = $hash", ("$hash", row.PaymentHash)), cancellationToken);
        var settled = FindInvoice(paymentHash)!.ToInvoice(AccountId);
        Publish([new InvoiceUpdated(settled, _time.GetUtcNow())]);
        return settled;
    }, cancellationToken);

    /// <summary>Cancels the Open or Accepted invoice: this wallet will never claim its contract, and the payer refunds at the locktime.</summary>
    public Task<HodlInvoice> CancelAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => Locked(() =>
    {
        var row = FindInvoice(paymentHash) ?? throw new WalletException(WalletError.UnknownInvoice, $"account {AccountId} has no invoice on payment hash {paymentHash}");
        if (row.State == InvoiceState.Settled) throw new WalletException(WalletError.AlreadySettled, "invoice is already settled");
        if (row.State == InvoiceState.Cancelled) throw new WalletException(WalletError.AlreadyCancelled, "invoice is already cancelled");
        var cancelled = CancelInvoice(row, CancelReason.ByIssuer);
        Publish([new InvoiceUpdated(cancelled, _time.GetUtcNow())]);
        return Task.FromResult(cancelled);
    }, cancellationToken);

    public Task<HodlInvoice?> GetInvoiceAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) =>
        Locked(() => Task.FromResult(FindInvoice(paymentHash)?.ToInvoice(AccountId)), cancellationToken);

    public Task<HodlPayment?> GetPaymentAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) =>
        Locked(() => Task.FromResult(FindPayment(paymentHash)?.ToPayment(AccountId)), cancellationToken);

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
        _gate.Wait();
        _db.Dispose();
        _gate.Dispose();
    }

    private async Task<HodlPayment> FundAsync(Bolt11Invoice invoice, uint locktime, int tip, CancellationToken cancellationToken)
    {
        HtlcContract contract;
        try
        {
            contract = new HtlcContract(invoice.PaymentHash.Bytes, invoice.PayeeNodeKey, PublicKey, locktime);
        }
        catch (HtlcException e)
        {
            throw new WalletException(WalletError.MalformedInvoice, $"the invoice cannot be paid on chain: {e.Message}");
        }
        var amount = invoice.AmountMsat!.Value / 1000;
        var (funding, spent, change) = HtlcFundingBuilder.Build(SpendableCoins(), _coins, contract, amount, FeeRate);
        var deadline = _time.GetUtcNow() + HodlTiming.Blocks((int)(locktime - tip));
        _db.InTransaction(() =>
        {
            _db.Execute("""
                INSERT INTO payments (payment_hash, payment_secret, amount_msat, bolt11, state, witness_script, funding_hex, funding_txid, funding_vout, locktime, hold_deadline)
                VALUES ($hash, $secret, $amount, $bolt11, 0, $script, $hex, $txid, 0, $locktime, $deadline)
                """,
                ("$hash", invoice.PaymentHash.ToArray()), ("$secret", invoice.PaymentSecret.ToArray()), ("$amount", invoice.AmountMsat), ("$bolt11", invoice.Text),
                ("$script", contract.WitnessScript), ("$hex", funding.ToHex()), ("$txid", funding.Txid), ("$locktime", (long)locktime),
                ("$deadline", deadline.ToUnixTimeMilliseconds()));
            foreach (var coin in spent)
                _db.Execute("UPDATE coins SET spent_by = $by WHERE txid = $txid AND vout = $vout", ("$by", funding.Txid), ("$txid", coin.Txid), ("$vout", (long)coin.Vout));
            if (change > 0) AddOwnCoin(funding, 1);
            Enqueue(funding);
            return 0;
        });
        await BroadcastRecordedAsync(funding, () =>
        {
            _db.Execute("DELETE FROM payments WHERE funding_txid = $txid", ("$txid", funding.Txid));
            _db.Execute("UPDATE coins SET spent_by = NULL WHERE spent_by = $txid", ("$txid", funding.Txid));
        }, cancellationToken);
        var payment = FindPayment(invoice.PaymentHash)!.ToPayment(AccountId);
        Publish([new PaymentUpdated(payment, _time.GetUtcNow())]);
        return payment;
    }

    private Bolt11Invoice DecodeForPayment(string bolt11)
    {
        Bolt11Invoice invoice;
        try
        {
            invoice = Bolt11Invoice.Decode(bolt11);
        }
        catch (Bolt11FormatException e)
        {
            throw new WalletException(WalletError.MalformedInvoice, $"malformed invoice: {e.Message}", e);
        }
        if (invoice.Network != Bolt11NetworkOf(Network))
            throw new WalletException(WalletError.MalformedInvoice, $"the invoice is payable on {invoice.Network}, this wallet is on {Network}");
        if (invoice.PayeeNodeKey.AsSpan().SequenceEqual(PublicKey)) throw new WalletException(WalletError.SelfPayment, "a wallet cannot pay its own invoice");
        if (invoice.AmountMsat is not { } amount) throw new WalletException(WalletError.InvalidAmount, "the invoice names no amount");
        RequireOnChainAmount(amount);
        if (invoice.IsExpiredAt(_time.GetUtcNow())) throw new WalletException(WalletError.InvoiceExpired, $"invoice expired at {invoice.ExpiresAt:O}");
        if (FindPayment(invoice.PaymentHash) is { State: not PaymentState.Failed })
            throw new WalletException(WalletError.DuplicatePayment, $"account {AccountId} already has a payment in flight or done on payment hash {invoice.PaymentHash}");
        return invoice;
    }

    /// <summary>
    /// The smallest contract worth making: its claim or refund (at most <see cref="MaxSpendVirtualSize"/> vbytes at
    /// <see cref="FeeRate"/>) must still leave an output above the dust limit.
    /// </summary>
    public long MinimumAmountSats => new TxOut(0, _coins.ScriptPubKey).DustThreshold + FeeRate.FeeFor(MaxSpendVirtualSize);

    private const int MaxSpendVirtualSize = 200;

    private void RequireOnChainAmount(long amountMsat)
    {
        if (amountMsat is <= 0 or > TxOut.MaxMoney * 1000)
            throw new WalletException(WalletError.InvalidAmount, $"amount must be 1-{TxOut.MaxMoney * 1000} msat, got {amountMsat}");
        if (amountMsat % 1000 != 0) throw new WalletException(WalletError.InvalidAmount, $"an on-chain amount is whole satoshis: {amountMsat} msat is not");
        if (amountMsat / 1000 < MinimumAmountSats)
            throw new WalletException(WalletError.InvalidAmount,
                $"{amountMsat / 1000} sat is less than {MinimumAmountSats} sat, what claiming or refunding it at {FeeRate} above the dust limit takes");
    }

    private static WalletException InvoiceNotOpen(InvoiceState state) => state == InvoiceState.Cancelled
        ? new WalletException(WalletError.AlreadyCancelled, "invoice is cancelled")
        : new WalletException(WalletError.AlreadyPaid, "invoice is already paid");

    /// <summary>Why the notice's output does not pay the invoice, or null when it does.</summary>
    private static string? FundingProblem(Transaction funding, HtlcFundingNotice notice, InvoiceRow row)
    {
        if (notice.Funding.Index >= funding.Outputs.Count) return $"funding transaction {funding.Txid} has no output {notice.Funding.Index}";
        var output = funding.Outputs[(int)notice.Funding.Index];
        if (!output.ScriptPubKey.AsSpan().SequenceEqual(notice.Contract.ScriptPubKey)) return $"output {notice.Funding} does not pay the contract's P2WSH script";
        if (output.Value * 1000 < row.AmountMsat) return $"output {notice.Funding} pays {output.Value} sat, the invoice asks {row.AmountMsat / 1000} sat";
        return null;
    }

    private HodlInvoice CancelInvoice(InvoiceRow row, CancelReason reason)
    {
        _db.Execute("UPDATE invoices SET state = 3, cancel_reason = $reason, resolved_at = $now WHERE payment_hash = $hash",
            ("$reason", (int)reason), ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("$hash", row.PaymentHash));
        return FindInvoice(PaymentHash.FromBytes(row.PaymentHash))!.ToInvoice(AccountId);
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
            ("$txid", tx.Txid), ("$vout", vout), ("$value", tx.Outputs[vout].Value));

    /// <summary>Unspent coins that are confirmed or made by this wallet's own transactions.</summary>
    private List<WalletCoin> SpendableCoins() =>
        _db.Query("SELECT txid, vout, value FROM coins WHERE spent_by IS NULL AND (height IS NOT NULL OR own = 1) ORDER BY txid, vout",
            r => new WalletCoin(r.GetString(0), (uint)r.GetInt64(1), r.GetInt64(2)));

    private InvoiceRow? FindInvoice(PaymentHash paymentHash) =>
        _db.Query($"SELECT {InvoiceRow.Columns} FROM invoices WHERE payment_hash = $hash", InvoiceRow.Read, ("$hash", paymentHash.ToArray())).FirstOrDefault();

    private PaymentRow? FindPayment(PaymentHash paymentHash) =>
        _db.Query($"SELECT {PaymentRow.Columns} FROM payments WHERE payment_hash = $hash ORDER BY id DESC LIMIT 1", PaymentRow.Read, ("$hash", paymentHash.ToArray()))
            .FirstOrDefault();

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
