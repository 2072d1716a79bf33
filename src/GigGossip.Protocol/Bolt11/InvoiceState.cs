namespace GigGossip.Protocol.Bolt11;

/// <summary>
/// A HODL invoice's life, as Lightning's: Open, then Accepted when paid (the payer's money is held), then
/// Settled (preimage given, money to the issuer) or Cancelled (money back to the payer). An Open invoice
/// can also be Cancelled, by its issuer or by expiry. States only move forward.
/// </summary>
public enum InvoiceState
{
    Open = 0,
    Accepted = 1,
    Settled = 2,
    Cancelled = 3,
}

public static class InvoiceStates
{
    /// <summary>True for the moves the state machine allows: Open to Accepted or Cancelled, Accepted to Settled or Cancelled.</summary>
    public static bool CanMoveTo(this InvoiceState from, InvoiceState to) => (from, to) switch
    {
        (InvoiceState.Open, InvoiceState.Accepted or InvoiceState.Cancelled) => true,
        (InvoiceState.Accepted, InvoiceState.Settled or InvoiceState.Cancelled) => true,
        _ => false,
    };

    public static bool IsFinal(this InvoiceState state) => state is InvoiceState.Settled or InvoiceState.Cancelled;
}
