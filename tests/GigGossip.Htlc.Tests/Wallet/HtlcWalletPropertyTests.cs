using GigGossip.Protocol.Bolt11;
using CsCheck;
using GigGossip.Htlc.Wallet;
using GigGossip.Payments;
using static GigGossip.Htlc.Tests.Wallet.HtlcWalletWorld;

namespace GigGossip.Htlc.Tests.Wallet;

/// <summary>
/// Random runs of payments (amounts, settle or cancel or let the locktime pass, reorgs before acceptance, wallets
/// closed and reopened mid-payment): every invoice and payment ends agreeing, and money is conserved on chain.
/// </summary>
public sealed class HtlcWalletPropertyTests
{
    private enum Outcome { Settle, Cancel, LetExpire }

    [Fact]
    public async Task Random_runs_end_consistent_with_money_conserved() =>
        await Gen.Int.SampleAsync(seed => RunAsync(seed), iter: 25, threads: 1);

    private static async Task RunAsync(int seed)
    {
        var random = new Random(seed);
        await using var world = new HtlcWalletWorld();
        var issuer = await world.OpenAsync("issuer");
        var payer = await world.OpenAsync("payer");
        world.Deposit(payer, 2_000_000);
        await world.SyncAllAsync();
        var runs = new List<(string Seed, Outcome Outcome)>();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var name = $"{seed} {n}";
            var outcome = (Outcome)random.Next(3);
            var invoice = await issuer.CreateInvoiceAsync(new HodlInvoiceRequest(Secret(name).Hash, random.Next(1_000, 200_000) * 1000L, name), Ct).Within();
            await world.PayAndReportAsync(payer, issuer, invoice);
            await world.MineAsync(random.Next(0, 3));
            if (random.Next(2) == 0 && world.Node.Height > StartHeight + 2) world.Node.Reorg(random.Next(1, 3));
            for (var i = 0; i < 10 && (await issuer.GetInvoiceAsync(invoice.PaymentHash, Ct).Within())!.State == InvoiceState.Open; i++)
                await world.MineAsync();
            Assert.Equal(InvoiceState.Accepted, (await issuer.GetInvoiceAsync(invoice.PaymentHash, Ct).Within())!.State);
            if (random.Next(2) == 0)
            {
                world.Close(issuer);
                world.Close(payer);
                issuer = await world.OpenAsync("issuer");
                payer = await world.OpenAsync("payer");
            }
            if (outcome == Outcome.Settle) await issuer.SettleAsync(invoice.PaymentHash, Secret(name).Preimage, Ct).Within();
            if (outcome == Outcome.Cancel) await issuer.CancelAsync(invoice.PaymentHash, Ct).Within();
            runs.Add((name, outcome));
        }
        await world.MineAsync(20);
        await world.MineAsync();

        foreach (var (name, outcome) in runs)
        {
            var invoice = (await issuer.GetInvoiceAsync(Secret(name).Hash, Ct).Within())!;
            var payment = (await payer.GetPaymentAsync(Secret(name).Hash, Ct).Within())!;
            if (outcome == Outcome.Settle)
            {
                Assert.Equal((InvoiceState.Settled, PaymentState.Succeeded), (invoice.State, payment.State));
                Assert.Equal(Secret(name).Preimage, payment.Preimage);
            }
            else
            {
                Assert.Equal((InvoiceState.Cancelled, PaymentState.Failed), (invoice.State, payment.State));
                Assert.Equal(outcome == Outcome.Cancel ? CancelReason.ByIssuer : CancelReason.HoldDeadlinePassed, invoice.CancelReason);
            }
        }
        await world.AssertConservedAsync();
    }
}
