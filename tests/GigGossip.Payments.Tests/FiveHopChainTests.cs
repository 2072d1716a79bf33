using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments.Tests;

/// <summary>A payment chain of five hops on one payment hash, as the protocol's network invoices make it.</summary>
public class FiveHopChainTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);
    private static readonly string[] Hops = ["payer", "m1", "m2", "m3", "m4", "settler"];
    private static readonly long[] Fees = [0, 1_000, 2_000, 3_000, 4_000, 5_000];

    private sealed class Chain : IDisposable
    {
        public Chain()
        {
            Ledger = HodlLedger.OpenInMemory(Start);
            foreach (var hop in Hops) Ledger.OpenAccount(hop, Start);
            Ledger.Fund("payer", 1_000_000, Start);
            for (var i = 1; i <= 4; i++) Ledger.Fund(Hops[i], 100_000, Start);
            Total = Money();
            var amount = 0L;
            for (var i = 5; i >= 1; i--)
            {
                amount += Fees[i];
                Invoices[i] = Ledger.CreateInvoice(Hops[i], new HodlInvoiceRequest(Hash, amount, $"hop {i}", MinFinalCltvExpiryDelta: 1), Start).Bolt11;
            }
            for (var i = 1; i <= 5; i++)
                Ledger.Pay(Hops[i - 1], Invoices[i], Start + TimeSpan.FromHours(7 - i), Start);
        }

        public HodlLedger Ledger { get; }
        public Preimage Preimage { get; } = Preimage.Generate();
        public PaymentHash Hash => PaymentHash.Of(Preimage);
        public string[] Invoices { get; } = new string[6];
        public long Total { get; }

        public long Money()
        {
            var totals = Ledger.Audit().Totals;
            return totals.AccountsMsat + totals.HeldMsat;
        }

        public void Dispose() => Ledger.Dispose();
    }

    [Fact]
    public void Five_hop_chain_settles_end_to_end_and_each_hop_keeps_exactly_its_fee()
    {
        using var chain = new Chain();
        chain.Ledger.Settle("settler", chain.Hash, chain.Preimage, Start);
        for (var i = 4; i >= 1; i--)
        {
            var payment = chain.Ledger.GetPayment(Hops[i], chain.Hash)!;
            Assert.Equal(PaymentState.Succeeded, payment.State);
            chain.Ledger.Settle(Hops[i], chain.Hash, payment.Preimage!, Start);
        }

        Assert.Equal(chain.Preimage, chain.Ledger.GetPayment("payer", chain.Hash)!.Preimage);
        Assert.Equal(1_000_000 - Fees.Sum(), chain.Ledger.GetBalance("payer"));
        for (var i = 1; i <= 4; i++) Assert.Equal(100_000 + Fees[i], chain.Ledger.GetBalance(Hops[i]));
        Assert.Equal(Fees[5], chain.Ledger.GetBalance("settler"));
        Assert.Equal(chain.Total, chain.Money());
        Assert.Equal(0, chain.Ledger.Audit().Totals.HeldMsat);
        Assert.True(chain.Ledger.Audit().Balanced);
    }

    [Fact]
    public void Cancelled_chain_returns_every_millisatoshi()
    {
        using var chain = new Chain();
        chain.Ledger.Cancel("settler", chain.Hash, Start);
        for (var i = 4; i >= 1; i--)
        {
            Assert.Equal(PaymentState.Failed, chain.Ledger.GetPayment(Hops[i], chain.Hash)!.State);
            chain.Ledger.Cancel(Hops[i], chain.Hash, Start);
        }

        Assert.Equal(1_000_000, chain.Ledger.GetBalance("payer"));
        for (var i = 1; i <= 4; i++) Assert.Equal(100_000, chain.Ledger.GetBalance(Hops[i]));
        Assert.Equal(0, chain.Ledger.GetBalance("settler"));
        Assert.Equal(chain.Total, chain.Money());
        Assert.Equal(0, chain.Ledger.Audit().Totals.HeldMsat);
    }

    [Fact]
    public void Held_payments_past_their_deadlines_unwind_from_the_settler_outwards()
    {
        using var chain = new Chain();
        chain.Ledger.Expire(Start + TimeSpan.FromHours(8));
        Assert.All(Hops[..5], hop => Assert.Equal(PaymentState.Failed, chain.Ledger.GetPayment(hop, chain.Hash)!.State));
        Assert.Equal(1_000_000, chain.Ledger.GetBalance("payer"));
        Assert.Equal(chain.Total, chain.Money());
    }

    [Fact]
    public void Settling_with_the_wrong_preimage_is_refused_and_changes_nothing()
    {
        using var chain = new Chain();
        var before = chain.Ledger.Audit().Totals;
        var refused = Assert.Throws<WalletException>(() => chain.Ledger.Settle("m2", chain.Hash, Preimage.Generate(), Start));
        Assert.Equal(WalletError.WrongPreimage, refused.Error);
        var after = chain.Ledger.Audit().Totals;
        Assert.Equal((before.AccountsMsat, before.HeldMsat, before.Movements), (after.AccountsMsat, after.HeldMsat, after.Movements));
        Assert.Equal(InvoiceState.Accepted, chain.Ledger.GetInvoice("m2", chain.Hash)!.State);
    }
}
