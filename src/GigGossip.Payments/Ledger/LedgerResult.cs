namespace GigGossip.Payments.Ledger;

/// <summary>What a ledger operation returns: its result and the events it caused, in order.</summary>
public sealed record LedgerResult<T>(T Value, IReadOnlyList<WalletEvent> Events);
