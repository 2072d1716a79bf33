namespace GigGossip.Payments;

/// <summary>Why a wallet operation was refused. A refused operation changes nothing.</summary>
public enum WalletError
{
    UnknownAccount = 1,
    InvalidAccountId,
    InvalidAmount,
    InvalidArgument,
    SupplyExceeded,
    DuplicateInvoice,
    MalformedInvoice,
    UnknownInvoice,
    InvoiceExpired,
    AlreadyPaid,
    DuplicatePayment,
    SelfPayment,
    InsufficientBalance,
    InvalidHold,
    NotAccepted,
    WrongPreimage,
    AlreadySettled,
    AlreadyCancelled,
    HoldDeadlinePassed,

    /// <summary>The wallet service could not be reached or answered nonsense; the operation may or may not have happened.</summary>
    Unreachable,

    /// <summary>The wallet service refused the caller's credentials (bad signature, expired or replayed challenge, unknown session).</summary>
    Unauthorized,

    /// <summary>The Bitcoin node refused a transaction the on-chain wallet built (its inputs are spent, it is not final yet).</summary>
    ChainRejected,
}
