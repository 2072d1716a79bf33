using System.Security.Cryptography;
using System.Text;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Payments.Ledger;

/// <summary>
/// The embedded HODL-invoice wallet: many accounts on one SQLite file (or in memory), one signing node key.
/// A synchronous state machine: every call takes the current time from the host (virtual time in the
/// simulator), makes at most one state change in one transaction, and returns the events it caused.
/// Invoices are identified by their payment secret (BOLT 11 <c>s</c>), which is unique; an issuer also
/// names its invoice by (issuer, payment hash), which is unique too. Nothing here reads a clock: expiry and
/// hold deadlines act only when the host calls <see cref="Expire"/> (see <see cref="NextDeadline"/>).
/// Not thread-safe: <see cref="LedgerWallet"/> serialises access for concurrent hosts.
/// </summary>
public sealed class HodlLedger : IDisposable
{
    private const string MetaNodeKey = "node_secret_key";
    private const string MetaNetwork = "network";
    private readonly LedgerDatabase _db;
    private readonly byte[] _nodeSecretKey;

    private HodlLedger(LedgerDatabase db, byte[] nodeSecretKey, Bolt11Network network)
    {
        _db = db;
        _nodeSecretKey = nodeSecretKey;
        Network = network;
        NodeId = Secp256k1.Current.GetCompressedPublicKey(nodeSecretKey);
    }

    /// <summary>Network of this ledger's invoices.</summary>
    public Bolt11Network Network { get; }

    /// <summary>The 33-byte compressed key that signs this ledger's invoices (the BOLT 11 payee).</summary>
    public byte[] NodeId { get; }

    /// <summary>Test hook: called between the statements of each transaction (see <see cref="LedgerDatabase.CrashPoint"/>).</summary>
    internal Action<string>? CrashPoint
    {
        get => _db.CrashPoint;
        set => _db.CrashPoint = value;
    }

    /// <summary>Opens the ledger file, creating it (with <paramref name="options"/>' network and key) if it does not exist.</summary>
    /// <exception cref="LedgerFileException">the file is not SQLite or not a ledger.</exception>
    public static HodlLedger Open(string path, DateTimeOffset now, LedgerOptions? options = null) => Open(path, create: true, now, options ?? new LedgerOptions());

    /// <summary>A ledger that lives only in memory, for simulations.</summary>
    public static HodlLedger OpenInMemory(DateTimeOffset now, LedgerOptions? options = null) => Open(":memory:", create: true, now, options ?? new LedgerOptions());

    private static HodlLedger Open(string dataSource, bool create, DateTimeOffset now, LedgerOptions options)
    {
        var connection = LedgerSchema.Connect(dataSource, create, options.SyncEveryCommit);
        var db = new LedgerDatabase(connection);
        try
        {
            if (LedgerSchema.ReadVersion(connection) == 0)
            {
                var key = options.NodeSecretKey ?? SecretKey.Generate().Bytes.ToArray();
                if (!Secp256k1.Current.IsValidSecretKey(key)) throw new ArgumentException("node secret key must be a valid 32-byte secp256k1 key", nameof(options));
                LedgerSchema.Create(connection, new Dictionary<string, string>
                {
                    [MetaNodeKey] = Convert.ToHexStringLower(key),
                    [MetaNetwork] = options.Network.CurrencyPrefix(),
                }, now);
            }
            LedgerSchema.RequireLedger(connection);
            LedgerSchema.EnsureIndexes(connection);
            var meta = db.Query("SELECT key, value FROM meta", r => (r.GetString(0), r.GetString(1))).ToDictionary();
            var network = Bolt11Networks.FromCurrencyPrefix(meta[MetaNetwork]) ?? throw new LedgerFileException($"ledger names unknown network '{meta[MetaNetwork]}'");
            return new HodlLedger(db, Convert.FromHexString(meta[MetaNodeKey]), network);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Creates the account with a zero balance if it does not exist yet.</summary>
    public void OpenAccount(string accountId, DateTimeOffset now)
    {
        LedgerAccounts.Validate(accountId);
        _db.InTransaction(() => _db.Execute("INSERT OR IGNORE INTO accounts (id, balance_msat, created_at) VALUES ($id, 0, $now)",
            ("$id", accountId), ("$now", now.ToUnixTimeMilliseconds())));
    }

    public bool HasAccount(string accountId) => _db.ScalarLong("SELECT count(*) FROM accounts WHERE id = $id", ("$id", accountId)) == 1;

    /// <summary>Spendable balance of a user account.</summary>
    public long GetBalance(string accountId)
    {
        RequireAccount(accountId);
        return _db.ScalarLong("SELECT balance_msat FROM accounts WHERE id = $id", ("$id", accountId));
    }

    /// <summary>Moves new money from the genesis account; the ledger never holds more than 21 million bitcoin.</summary>
    public void Fund(string accountId, long amountMsat, DateTimeOffset now)
    {
        RequireAccount(accountId);
        RequireAmount(amountMsat);
        _db.InTransaction(() =>
        {
            var minted = -_db.ScalarLong("SELECT balance_msat FROM accounts WHERE id = $id", ("$id", LedgerAccounts.Genesis));
            if (amountMsat > Bolt11Amount.MaxMsat - minted)
                throw new WalletException(WalletError.SupplyExceeded, $"funding {amountMsat} msat would put more than 21 million bitcoin in the ledger");
            _db.Move(MovementKind.Fund, LedgerAccounts.Genesis, accountId, amountMsat, null, now);
            return 0;
        });
    }

    /// <summary>
    /// Opens many accounts and funds them in one transaction (a simulated network's thousands of nodes): the same rows
    /// and journal entries as <see cref="OpenAccount"/> and <see cref="Fund"/> one by one, all or none.
    /// </summary>
    public void OpenAccounts(IReadOnlyList<(string AccountId, long FundingMsat)> accounts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        foreach (var (accountId, fundingMsat) in accounts)
        {
            LedgerAccounts.Validate(accountId);
            if (fundingMsat != 0) RequireAmount(fundingMsat);
        }
        _db.InTransaction(() =>
        {
            var minted = -_db.ScalarLong("SELECT balance_msat FROM accounts WHERE id = $id", ("$id", LedgerAccounts.Genesis));
            foreach (var (accountId, fundingMsat) in accounts)
            {
                _db.Execute("INSERT OR IGNORE INTO accounts (id, balance_msat, created_at) VALUES ($id, 0, $now)",
                    ("$id", accountId), ("$now", now.ToUnixTimeMilliseconds()));
                if (fundingMsat == 0) continue;
                if (fundingMsat > Bolt11Amount.MaxMsat - minted)
                    throw new WalletException(WalletError.SupplyExceeded, $"funding {fundingMsat} msat would put more than 21 million bitcoin in the ledger");
                _db.Move(MovementKind.Fund, LedgerAccounts.Genesis, accountId, fundingMsat, null, now);
                minted += fundingMsat;
            }
            return 0;
        });
    }

    /// <summary>Issues an Open HODL invoice signed by this ledger's node key.</summary>
    public HodlInvoice CreateInvoice(string issuer, HodlInvoiceRequest request, DateTimeOffset now)
    {
        RequireAccount(issuer);
        RequireAmount(request.AmountMsat);
        ArgumentNullException.ThrowIfNull(request.PaymentHash);
        InvoiceTerms.Require(request);

        return _db.InTransaction(() =>
        {
            if (FindByIssuer(issuer, request.PaymentHash) is not null)
                throw new WalletException(WalletError.DuplicateInvoice, $"account {issuer} already has an invoice on payment hash {request.PaymentHash}");
            var timestamp = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
            var secret = DerivePaymentSecret(issuer, request.PaymentHash);
            var bolt11 = Bolt11Encoder.Encode(new Bolt11InvoiceDraft(Network, request.AmountMsat, timestamp, request.PaymentHash, secret,
                request.Description, ExpirySeconds: request.ExpirySeconds, MinFinalCltvExpiryDelta: request.MinFinalCltvExpiryDelta), _nodeSecretKey);
            _db.Execute("""
                INSERT INTO invoices (payment_secret, issuer, payment_hash, amount_msat, description, bolt11, created_at, expires_at, min_final_cltv, state)
                VALUES ($secret, $issuer, $hash, $amount, $description, $bolt11, $created, $expires, $cltv, 0)
                """,
                ("$secret", secret.ToArray()), ("$issuer", issuer), ("$hash", request.PaymentHash.ToArray()), ("$amount", request.AmountMsat),
                ("$description", request.Description), ("$bolt11", bolt11), ("$created", timestamp.ToUnixTimeMilliseconds()),
                ("$expires", (timestamp.ToUnixTimeSeconds() + request.ExpirySeconds) * 1000), ("$cltv", request.MinFinalCltvExpiryDelta));
            return FindBySecret(secret.ToArray())!.ToInvoice();
        });
    }

    /// <summary>
    /// Pays one of this ledger's invoices from <paramref name="payer"/>: the money is held and the invoice is Accepted
    /// until its issuer settles or cancels it, or <paramref name="holdUntil"/> passes (default: the invoice's minimum hold).
    /// </summary>
    public LedgerResult<HodlPayment> Pay(string payer, string bolt11, DateTimeOffset? holdUntil, DateTimeOffset now)
    {
        RequireAccount(payer);
        var decoded = DecodeOwnInvoice(bolt11);
        return _db.InTransaction(() =>
        {
            var row = FindBySecret(decoded.PaymentSecret.ToArray());
            if (row is null || !row.Bolt11.Equals(decoded.Text, StringComparison.Ordinal))
                throw new WalletException(WalletError.UnknownInvoice, $"no invoice of this wallet has payment secret {decoded.PaymentSecret}");
            if (row.Issuer == payer) throw new WalletException(WalletError.SelfPayment, "an account cannot pay its own invoice");
            RequireOpen(row);
            if (now.ToUnixTimeMilliseconds() >= row.ExpiresAt)
                throw new WalletException(WalletError.InvoiceExpired, $"invoice expired at {DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt):O}");
            if (_db.ScalarLong("SELECT count(*) FROM invoices WHERE payer = $payer AND payment_hash = $hash AND state IN (1, 2)",
                    ("$payer", payer), ("$hash", row.PaymentHash)) > 0)
                throw new WalletException(WalletError.DuplicatePayment, $"account {payer} already has a payment in flight or done on payment hash {decoded.PaymentHash}");
            var deadline = HoldDeadline(row, holdUntil, now);
            if (GetBalanceInTransaction(payer) < row.AmountMsat)
                throw new WalletException(WalletError.InsufficientBalance, $"account {payer} has less than the {row.AmountMsat} msat the invoice asks");

            _db.Move(MovementKind.Hold, payer, LedgerAccounts.Held, row.AmountMsat, row.PaymentSecret, now);
            _db.Execute("UPDATE invoices SET state = 1, payer = $payer, accepted_at = $now, hold_deadline = $deadline WHERE payment_secret = $secret",
                ("$payer", payer), ("$now", now.ToUnixTimeMilliseconds()), ("$deadline", deadline.ToUnixTimeMilliseconds()), ("$secret", row.PaymentSecret));
            _db.Step("invoice accepted");
            var accepted = FindBySecret(row.PaymentSecret)!;
            return new LedgerResult<HodlPayment>(accepted.ToPayment(), Events(accepted, now));
        });
    }

    /// <summary>Settles the issuer's Accepted invoice on the hash with its preimage; the held money moves to the issuer.</summary>
    public LedgerResult<HodlInvoice> Settle(string issuer, PaymentHash paymentHash, Preimage preimage, DateTimeOffset now)
    {
        RequireAccount(issuer);
        return _db.InTransaction(() =>
        {
            var row = RequireIssuerInvoice(issuer, paymentHash);
            if (!preimage.Matches(paymentHash)) throw new WalletException(WalletError.WrongPreimage, $"SHA256 of the preimage is not payment hash {paymentHash}");
            switch (row.State)
            {
                case InvoiceState.Open: throw new WalletException(WalletError.NotAccepted, "invoice is not paid yet: only an Accepted invoice can be settled");
                case InvoiceState.Settled: throw new WalletException(WalletError.AlreadySettled, "invoice is already settled");
                case InvoiceState.Cancelled: throw new WalletException(WalletError.AlreadyCancelled, "invoice is cancelled");
            }
            if (now.ToUnixTimeMilliseconds() >= row.HoldDeadline)
                throw new WalletException(WalletError.HoldDeadlinePassed, "the payer's hold deadline has passed; the invoice is being cancelled");

            _db.Move(MovementKind.Settle, LedgerAccounts.Held, issuer, row.AmountMsat, row.PaymentSecret, now);
            _db.Execute("UPDATE invoices SET state = 2, preimage = $preimage, resolved_at = $now WHERE payment_secret = $secret",
                ("$preimage", preimage.ToArray()), ("$now", now.ToUnixTimeMilliseconds()), ("$secret", row.PaymentSecret));
            _db.Step("invoice settled");
            var settled = FindBySecret(row.PaymentSecret)!;
            return new LedgerResult<HodlInvoice>(settled.ToInvoice(), Events(settled, now));
        });
    }

    /// <summary>Cancels the issuer's Open or Accepted invoice on the hash; held money returns to the payer.</summary>
    public LedgerResult<HodlInvoice> Cancel(string issuer, PaymentHash paymentHash, DateTimeOffset now)
    {
        RequireAccount(issuer);
        return _db.InTransaction(() =>
        {
            var row = RequireIssuerInvoice(issuer, paymentHash);
            if (row.State == InvoiceState.Settled) throw new WalletException(WalletError.AlreadySettled, "invoice is already settled");
            if (row.State == InvoiceState.Cancelled) throw new WalletException(WalletError.AlreadyCancelled, "invoice is already cancelled");
            return CancelInTransaction(row, CancelReason.ByIssuer, now);
        });
    }

    /// <summary>Cancels every Open invoice past its expiry and every Accepted one past its hold deadline, one transaction each.</summary>
    public IReadOnlyList<WalletEvent> Expire(DateTimeOffset now)
    {
        var ms = now.ToUnixTimeMilliseconds();
        var due = _db.Query($"""
            SELECT {InvoiceRow.Columns} FROM invoices
            WHERE (state = 0 AND expires_at <= $now) OR (state = 1 AND hold_deadline <= $now)
            ORDER BY coalesce(hold_deadline, expires_at), payment_secret
            """, InvoiceRow.Read, ("$now", ms));
        var events = new List<WalletEvent>();
        foreach (var row in due)
        {
            var reason = row.State == InvoiceState.Open ? CancelReason.Expired : CancelReason.HoldDeadlinePassed;
            events.AddRange(_db.InTransaction(() => CancelInTransaction(row, reason, now)).Events);
        }
        return events;
    }

    /// <summary>When <see cref="Expire"/> next has something to do, or null: hosts schedule their timer for it.</summary>
    public DateTimeOffset? NextDeadline()
    {
        var next = _db.Query("""
            SELECT min(t) FROM (
                SELECT min(expires_at) AS t FROM invoices WHERE state = 0
                UNION ALL SELECT min(hold_deadline) FROM invoices WHERE state = 1)
            """, r => r.IsDBNull(0) ? (long?)null : r.GetInt64(0)).Single();
        return next is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>The issuer's invoice on the hash, or null.</summary>
    public HodlInvoice? GetInvoice(string issuer, PaymentHash paymentHash) => FindByIssuer(issuer, paymentHash)?.ToInvoice();

    /// <summary>The invoice with this payment secret, or null.</summary>
    public HodlInvoice? FindInvoice(PaymentSecret paymentSecret) => FindBySecret(paymentSecret.ToArray())?.ToInvoice();

    /// <summary>
    /// The invoice a BOLT 11 string names (by its payment secret), whoever issued it; throws
    /// <see cref="WalletError.MalformedInvoice"/> or <see cref="WalletError.UnknownInvoice"/> when it is not one of this ledger's.
    /// </summary>
    public HodlInvoice LookupInvoice(string bolt11)
    {
        var decoded = DecodeOwnInvoice(bolt11);
        var row = FindBySecret(decoded.PaymentSecret.ToArray());
        if (row is null || !row.Bolt11.Equals(decoded.Text, StringComparison.Ordinal))
            throw new WalletException(WalletError.UnknownInvoice, $"no invoice of this wallet has payment secret {decoded.PaymentSecret}");
        return row.ToInvoice();
    }

    /// <summary>The payer's latest payment on the hash, or null.</summary>
    public HodlPayment? GetPayment(string payer, PaymentHash paymentHash) =>
        _db.Query($"SELECT {InvoiceRow.Columns} FROM invoices WHERE payer = $payer AND payment_hash = $hash ORDER BY accepted_at DESC, rowid DESC LIMIT 1",
            InvoiceRow.Read, ("$payer", payer), ("$hash", paymentHash.ToArray())).FirstOrDefault()?.ToPayment();

    /// <summary>Checks the ledger's invariants (see <see cref="LedgerAudit"/>).</summary>
    public LedgerAuditReport Audit() => LedgerAudit.Run(_db);

    public void Dispose() => _db.Dispose();

    private LedgerResult<HodlInvoice> CancelInTransaction(InvoiceRow row, CancelReason reason, DateTimeOffset now)
    {
        if (row.State == InvoiceState.Accepted)
            _db.Move(MovementKind.Refund, LedgerAccounts.Held, row.Payer!, row.AmountMsat, row.PaymentSecret, now);
        _db.Execute("UPDATE invoices SET state = 3, cancel_reason = $reason, resolved_at = $now WHERE payment_secret = $secret",
            ("$reason", (int)reason), ("$now", now.ToUnixTimeMilliseconds()), ("$secret", row.PaymentSecret));
        _db.Step("invoice cancelled");
        var cancelled = FindBySecret(row.PaymentSecret)!;
        return new LedgerResult<HodlInvoice>(cancelled.ToInvoice(), Events(cancelled, now));
    }

    private static List<WalletEvent> Events(InvoiceRow row, DateTimeOffset now)
    {
        var events = new List<WalletEvent> { new InvoiceUpdated(row.ToInvoice(), now) };
        if (row.Payer is not null) events.Add(new PaymentUpdated(row.ToPayment(), now));
        return events;
    }

    private Bolt11Invoice DecodeOwnInvoice(string bolt11)
    {
        Bolt11Invoice decoded;
        try
        {
            decoded = Bolt11Invoice.Decode(bolt11);
        }
        catch (Bolt11FormatException e)
        {
            throw new WalletException(WalletError.MalformedInvoice, $"malformed invoice: {e.Message}", e);
        }
        if (!decoded.PayeeNodeKey.AsSpan().SequenceEqual(NodeId))
            throw new WalletException(WalletError.UnknownInvoice, "invoice is payable to another node, not this wallet");
        return decoded;
    }

    private static DateTimeOffset HoldDeadline(InvoiceRow row, DateTimeOffset? holdUntil, DateTimeOffset now)
    {
        var minimum = now + HodlTiming.Blocks(row.MinFinalCltv);
        var maximum = now + HodlTiming.Blocks(HodlTiming.MaxCltvExpiryDelta);
        var deadline = holdUntil ?? minimum;
        if (deadline < minimum)
            throw new WalletException(WalletError.InvalidHold, $"the invoice needs the money held at least {row.MinFinalCltv} blocks, until {minimum:O}");
        if (deadline > maximum)
            throw new WalletException(WalletError.InvalidHold, $"money can be held at most {HodlTiming.MaxCltvExpiryDelta} blocks, until {maximum:O}");
        return deadline;
    }

    private static void RequireOpen(InvoiceRow row)
    {
        switch (row.State)
        {
            case InvoiceState.Accepted or InvoiceState.Settled: throw new WalletException(WalletError.AlreadyPaid, "invoice is already paid");
            case InvoiceState.Cancelled: throw new WalletException(WalletError.AlreadyCancelled, "invoice is cancelled");
        }
    }

    private InvoiceRow RequireIssuerInvoice(string issuer, PaymentHash paymentHash) =>
        FindByIssuer(issuer, paymentHash)
        ?? throw new WalletException(WalletError.UnknownInvoice, $"account {issuer} has no invoice on payment hash {paymentHash}");

    private InvoiceRow? FindByIssuer(string issuer, PaymentHash paymentHash) =>
        _db.Query($"SELECT {InvoiceRow.Columns} FROM invoices WHERE issuer = $issuer AND payment_hash = $hash",
            InvoiceRow.Read, ("$issuer", issuer), ("$hash", paymentHash.ToArray())).FirstOrDefault();

    private InvoiceRow? FindBySecret(byte[] paymentSecret) =>
        _db.Query($"SELECT {InvoiceRow.Columns} FROM invoices WHERE payment_secret = $secret",
            InvoiceRow.Read, ("$secret", paymentSecret)).FirstOrDefault();

    private long GetBalanceInTransaction(string accountId) =>
        _db.ScalarLong("SELECT balance_msat FROM accounts WHERE id = $id", ("$id", accountId));

    private void RequireAccount(string accountId)
    {
        LedgerAccounts.Validate(accountId);
        if (!HasAccount(accountId)) throw new WalletException(WalletError.UnknownAccount, $"no account {accountId}");
    }

    private static void RequireAmount(long amountMsat)
    {
        if (amountMsat is <= 0 or > Bolt11Amount.MaxMsat)
            throw new WalletException(WalletError.InvalidAmount, $"amount must be 1-{Bolt11Amount.MaxMsat} msat, got {amountMsat}");
    }

    /// <summary>
    /// The payment secret of (issuer, hash): HMAC-SHA256 under the node key, so it is unpredictable to anyone else,
    /// unique because (issuer, hash) is, and reproducible, so a simulation replays the same invoices from the same seed.
    /// </summary>
    private PaymentSecret DerivePaymentSecret(string issuer, PaymentHash paymentHash)
    {
        byte[] message = [.. "gig-gossip/payment-secret"u8, 0, .. Encoding.UTF8.GetBytes(issuer), 0, .. paymentHash.Bytes];
        return PaymentSecret.FromBytes(HMACSHA256.HashData(_nodeSecretKey, message));
    }
}
