namespace GigGossip.Payments;

/// <summary>Why an invoice was cancelled.</summary>
public enum CancelReason
{
    /// <summary>Its issuer cancelled it.</summary>
    ByIssuer = 1,

    /// <summary>It was still Open when its expiry passed.</summary>
    Expired = 2,

    /// <summary>It was Accepted but not settled before the payer's hold deadline.</summary>
    HoldDeadlinePassed = 3,
}
