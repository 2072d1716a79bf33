using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Payments.Tests;

/// <summary>Opening and funding many accounts at once (a simulated network) is the same as one by one, and all or nothing.</summary>
public sealed class LedgerBatchOpeningTests
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

    [Fact]
    public void A_batch_gives_the_balances_and_journal_of_one_by_one()
    {
        var accounts = new List<(string, long)> { ("alice", 5_000), ("bob", 0), ("carol", 1_000_000) };
        using var single = HodlLedger.OpenInMemory(Start);
        foreach (var (id, msat) in accounts)
        {
            single.OpenAccount(id, Start);
            if (msat > 0) single.Fund(id, msat, Start);
        }
        using var batch = HodlLedger.OpenInMemory(Start);

        batch.OpenAccounts(accounts, Start);

        foreach (var (id, msat) in accounts) Assert.Equal(single.GetBalance(id), batch.GetBalance(id));
        Assert.Equal(Sums(single.Audit().Totals), Sums(batch.Audit().Totals));
        Assert.True(batch.Audit().Balanced);
    }

    [Fact]
    public void A_batch_that_would_mint_past_the_supply_writes_nothing()
    {
        using var ledger = HodlLedger.OpenInMemory(Start);
        var before = ledger.Audit().Totals;

        var refused = Assert.Throws<WalletException>(() =>
            ledger.OpenAccounts([("alice", Bolt11Amount.MaxMsat), ("bob", 1)], Start));

        Assert.Equal(WalletError.SupplyExceeded, refused.Error);
        Assert.False(ledger.HasAccount("alice"));
        Assert.Equal(Sums(before), Sums(ledger.Audit().Totals));
    }

    private static (long Minted, long Accounts, long Held, int Count, int Movements) Sums(LedgerTotals t) =>
        (t.MintedMsat, t.AccountsMsat, t.HeldMsat, t.Accounts, t.Movements);

    [Fact]
    public void A_bad_account_id_in_a_batch_is_refused_before_anything_is_written()
    {
        using var ledger = HodlLedger.OpenInMemory(Start);

        Assert.Throws<WalletException>(() => ledger.OpenAccounts([("alice", 10), ("$held", 10)], Start));

        Assert.False(ledger.HasAccount("alice"));
    }
}
