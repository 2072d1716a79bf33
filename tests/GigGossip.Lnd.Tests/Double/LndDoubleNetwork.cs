using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Bolt11;
using Microsoft.Extensions.Time.Testing;

namespace GigGossip.Lnd.Tests.Double;

/// <summary>
/// What several LND doubles share to act as a Lightning network of direct channels: one embedded ledger (each double is
/// one account on it), one fake clock, a chain height that grows a block every 10 minutes of it, the HTLCs held for hold
/// invoices (accept height, expiry height) and every node's payments. It outlives the doubles, as a node's database
/// outlives its process: a restarted double finds its invoices and payments. Like LND, it cancels an accepted hold
/// invoice <see cref="LndLimits.HoldExpiryDelta"/> blocks before its HTLC expires.
/// </summary>
public sealed class LndDoubleNetwork : IDisposable
{
    public const int StartHeight = 800_000;
    public static readonly DateTimeOffset T0 = new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly ConcurrentDictionary<string, IHodlWallet> _accounts = new();
    private readonly ConcurrentDictionary<PaymentSecret, HeldHtlc> _held = new();
    private readonly ConcurrentDictionary<(string Payer, PaymentHash Hash), DoublePayment> _payments = new();
    private readonly ConcurrentDictionary<string, int> _invoiceCounts = new();
    private readonly ITimer _sweeper;
    private long _index;

    public LndDoubleNetwork()
    {
        Ledger = new LedgerWallet(HodlLedger.OpenInMemory(T0), Time);
        _sweeper = Time.CreateTimer(_ => Sweep(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    public FakeTimeProvider Time { get; } = new(T0);

    public LedgerWallet Ledger { get; }

    public LndLimits Limits { get; } = LndLimits.Default;

    /// <summary>The chain height now: one block per 10 minutes of the fake clock.</summary>
    public int Height => StartHeight + (int)((Time.GetUtcNow() - T0) / HodlTiming.BlockInterval);

    public DateTimeOffset TimeOfHeight(int height) => T0 + HodlTiming.Blocks(height - StartHeight);

    public long NextIndex() => Interlocked.Increment(ref _index);

    /// <summary>The account (opened if new) a double serves.</summary>
    public IHodlWallet Account(string name) => _accounts.GetOrAdd(name, n => Ledger.OpenAccount(n));

    /// <summary>A node's identity key: a fixed key per account name.</summary>
    public static string IdentityOf(string account) => "02" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("lnd double identity " + account)));

    private readonly ConcurrentDictionary<PaymentSecret, (string Issuer, long AddIndex)> _issued = new();

    /// <summary>Records an invoice a double added: who issued it (its destination) and its add_index.</summary>
    public void Issued(string account, PaymentSecret secret, long addIndex)
    {
        _issued[secret] = (account, addIndex);
        _invoiceCounts.AddOrUpdate(account, 1, (_, n) => n + 1);
    }

    public (string Issuer, long AddIndex)? IssuerOf(PaymentSecret secret) => _issued.TryGetValue(secret, out var issued) ? issued : null;

    public bool HasInvoices(string account) => _invoiceCounts.ContainsKey(account);

    /// <summary>Records the HTLC paying the invoice before the ledger accepts it; false when one is already recorded (the invoice was paid).</summary>
    public bool TryHold(PaymentSecret secret, HeldHtlc htlc) => _held.TryAdd(secret, htlc);

    /// <summary>The ledger refused the payment: the HTLC recorded for it is gone.</summary>
    public void Unhold(PaymentSecret secret, HeldHtlc htlc)
    {
        if (_held.TryGetValue(secret, out var held) && ReferenceEquals(held, htlc)) _held.TryRemove(KeyValuePair.Create(secret, held));
    }

    /// <summary>
    /// Test hook: runs on the paying request just after the ledger accepted the HTLC (the issuer's invoice is ACCEPTED from
    /// then on), before the payment stream answers: what any other request to the issuer's node may see at that instant.
    /// </summary>
    public Func<PaymentHash, Task>? JustAccepted { get; set; }

    public HeldHtlc? HeldFor(PaymentSecret secret) => _held.GetValueOrDefault(secret);

    public DoublePayment? Payment(string payer, PaymentHash hash) => _payments.GetValueOrDefault((payer, hash));

    public IEnumerable<DoublePayment> PaymentsOf(string payer) => _payments.Values.Where(p => p.Payer == payer);

    public void Record(DoublePayment payment) => _payments[(payment.Payer, payment.Hash)] = payment;

    /// <summary>Cancels every accepted hold invoice whose HTLC is within <see cref="LndLimits.HoldExpiryDelta"/> blocks of expiring.</summary>
    public void Sweep()
    {
        var height = Height;
        foreach (var (_, htlc) in _held)
        {
            if (htlc.Resolved || height < htlc.ExpiryHeight - Limits.HoldExpiryDelta) continue;
            try
            {
                var invoice = Account(htlc.Issuer).GetInvoiceAsync(htlc.Hash).GetAwaiter().GetResult();
                if (invoice?.State == InvoiceState.Accepted) Account(htlc.Issuer).CancelAsync(htlc.Hash).GetAwaiter().GetResult();
                htlc.Resolved = true;
            }
            catch (WalletException)
            {
            }
        }
    }

    public void Dispose()
    {
        _sweeper.Dispose();
        Ledger.Dispose();
    }
}

/// <summary>An HTLC paying a hold invoice: where and when it was accepted and the height it expires at.</summary>
public sealed record HeldHtlc(string Issuer, PaymentHash Hash, long AmountMsat, int AcceptHeight, DateTimeOffset AcceptTime, int ExpiryHeight)
{
    public bool Resolved { get; set; }
}

/// <summary>A node's payment as LND records it.</summary>
public sealed record DoublePayment(string Payer, PaymentHash Hash, string Bolt11, long AmountMsat, long Index, DateTimeOffset Created)
{
    /// <summary>Why the payment failed before an HTLC went out (then it never reached the ledger), or null.</summary>
    public string? EarlyFailure { get; init; }

    /// <summary>The HTLC's expiry height, once it went out; its state then is the ledger's.</summary>
    public int? TotalTimeLock { get; init; }

    public DateTimeOffset? AttemptTime { get; init; }
}
