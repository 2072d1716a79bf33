using CsCheck;
using GigGossip.Payments.Ledger;
using GigGossip.Payments.Tests.Support;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments.Tests;

/// <summary>
/// Random sequences of create, pay, settle, cancel, expire and crash-and-reopen over many accounts and a
/// few shared payment hashes. After every step: money is conserved, nothing settles without the right
/// preimage, nothing is paid twice, and invoice states only move forward.
/// </summary>
public class LedgerPropertyTests
{
    private const int Steps = 25;
    private static readonly string[] Accounts = ["a", "b", "c", "d", "e", "f"];

    [Fact]
    public void Random_sequences_conserve_money_and_only_move_states_forward()
    {
        Gen.Int.Sample(seed => RunSequence(seed), iter: 1_000);
    }

    private static void RunSequence(int seed)
    {
        var random = new Random(seed);
        using var files = new TempLedgerFile();
        var now = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
        var ledger = HodlLedger.Open(files.Path, now);
        try
        {
            foreach (var account in Accounts)
            {
                ledger.OpenAccount(account, now);
                ledger.Fund(account, 1_000_000, now);
            }
            var preimages = Enumerable.Range(0, 4).Select(_ => Preimage.Generate()).ToArray();
            var invoices = new List<(string Issuer, PaymentHash Hash, string Bolt11)>();
            var lastState = new Dictionary<string, InvoiceState>();
            var total = Money(ledger);

            for (var step = 0; step < Steps; step++)
            {
                var account = Accounts[random.Next(Accounts.Length)];
                var preimage = preimages[random.Next(preimages.Length)];
                var hash = PaymentHash.Of(preimage);
                switch (random.Next(7))
                {
                    case 0:
                        var amount = random.Next(5) == 0 ? -random.Next(1, 100) : random.Next(1, 400_000);
                        Try(() =>
                        {
                            var invoice = ledger.CreateInvoice(account, new HodlInvoiceRequest(hash, amount, "p", ExpirySeconds: random.Next(60, 7_200), MinFinalCltvExpiryDelta: 1), now);
                            invoices.Add((account, hash, invoice.Bolt11));
                        });
                        break;
                    case 1 or 2 when invoices.Count > 0:
                        var (issuer, paidHash, bolt11) = invoices[random.Next(invoices.Count)];
                        var stateBefore = ledger.GetInvoice(issuer, paidHash)!.State;
                        var paid = Try(() => ledger.Pay(account, bolt11, now + TimeSpan.FromMinutes(random.Next(11, 300)), now));
                        if (stateBefore != InvoiceState.Open) Assert.False(paid, "an invoice that is not Open was paid");
                        break;
                    case 3:
                        var wrong = random.Next(3) == 0;
                        var settled = Try(() => ledger.Settle(account, hash, wrong ? Preimage.Generate() : preimage, now));
                        if (wrong) Assert.False(settled, "settled with a wrong preimage");
                        break;
                    case 4:
                        Try(() => ledger.Cancel(account, hash, now));
                        break;
                    case 5:
                        now += TimeSpan.FromMinutes(random.Next(1, 120));
                        ledger.Expire(now);
                        break;
                    default:
                        ledger.Dispose();
                        ledger = HodlLedger.Open(files.Path, now);
                        break;
                }

                Assert.Equal(total, Money(ledger));
                Assert.True(ledger.Audit().Balanced, string.Join("; ", ledger.Audit().Problems));
                foreach (var (issuer, invoiceHash, bolt11) in invoices)
                {
                    var state = ledger.GetInvoice(issuer, invoiceHash)!.State;
                    if (lastState.TryGetValue(bolt11, out var before))
                        Assert.True(state == before || before.CanMoveTo(state), $"{before} -> {state}");
                    lastState[bolt11] = state;
                    if (state == InvoiceState.Settled) Assert.Contains(preimages, p => PaymentHash.Of(p) == invoiceHash);
                }
            }
        }
        finally
        {
            ledger.Dispose();
        }
    }

    private static bool Try(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (WalletException)
        {
            return false;
        }
    }

    private static long Money(HodlLedger ledger)
    {
        var totals = ledger.Audit().Totals;
        return totals.AccountsMsat + totals.HeldMsat;
    }
}
