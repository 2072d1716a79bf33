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
}
