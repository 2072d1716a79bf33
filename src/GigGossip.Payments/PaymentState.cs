namespace GigGossip.Payments;

/// <summary>A payment seen by its payer: held until the invoice settles (Succeeded, preimage known) or is cancelled (Failed, refunded).</summary>
public enum PaymentState
{
    InFlight = 0,
    Succeeded = 1,
    Failed = 2,
}
