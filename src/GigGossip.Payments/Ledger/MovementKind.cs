namespace GigGossip.Payments.Ledger;

/// <summary>What a journal row records: each moves an amount from a debit account to a credit account.</summary>
public enum MovementKind
{
    /// <summary>Genesis to an account: new money enters the ledger.</summary>
    Fund = 1,

    /// <summary>Payer to held: an invoice is paid and Accepted.</summary>
    Hold = 2,

    /// <summary>Held to issuer: the invoice is Settled.</summary>
    Settle = 3,

    /// <summary>Held back to payer: the Accepted invoice is Cancelled.</summary>
    Refund = 4,
}
