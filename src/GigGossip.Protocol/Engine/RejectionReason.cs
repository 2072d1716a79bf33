namespace GigGossip.Protocol.Engine;

/// <summary>Why a node refused a frame. Every check in the engine has its own reason.</summary>
public enum RejectionReason
{
    UnknownAsk,
    AskFromWrongPeer,
    AskExpired,
    ReplayedPow,
    MissingPow,
    PowSchemeUnsupported,
    PowAboveTarget,
    PowTimestampInFuture,
    PowTimestampExpired,
    PayloadTooLarge,
    MalformedPayload,
    BadRequestSignature,
    CertificateRejected,
    TopicRejected,
    MultibroadcastLimit,
    ConditionsTooExpensive,
    TamperedOnion,
    UntrustedSettler,
    BadPromiseSignature,
    EncryptedPayloadHashMismatch,
    MalformedInvoice,
    InvoiceHashMismatch,
    InvoiceAmountMismatch,
    RouteLoop,
    UnknownPayload,
    ReplyAfterDeadline,
    FeeAboveLimit,
    PriceAboveLimit,
    UnauthorisedCancel,
    RateLimited,

    /// <summary>The broadcast's onion is as deep as an onion may be: accepted here, forwarded no further.</summary>
    HopLimit,
}
