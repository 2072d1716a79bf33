using GigGossip.Protocol.Bolt11;
namespace GigGossip.Payments.Ledger;

/// <summary>Totals of a ledger, in millisatoshi and counts.</summary>
/// <param name="MintedMsat">All money ever funded from genesis (minus the genesis balance).</param>
/// <param name="AccountsMsat">Sum of the user accounts' spendable balances.</param>
/// <param name="HeldMsat">Money held for Accepted invoices.</param>
public sealed record LedgerTotals(
    long MintedMsat,
    long AccountsMsat,
    long HeldMsat,
    int Accounts,
    int Movements,
    IReadOnlyDictionary<InvoiceState, int> Invoices);

/// <summary>The result of <see cref="LedgerAudit"/>: the totals and every broken invariant found (none when balanced).</summary>
public sealed record LedgerAuditReport(LedgerTotals Totals, IReadOnlyList<string> Problems)
{
    public bool Balanced => Problems.Count == 0;
}
