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

    /// <summary>The reply invoice is not the exact BOLT 11 string the settler promised (a swapped invoice).</summary>
    ReplyInvoiceNotPromised,

    /// <summary>The reply is not signed by the subject of its replier certificate, or not the signed reply the settler promised.</summary>
    BadReplierSignature,

    /// <summary>The replier's certificate lacks a property the sender's policy needs for this kind of job.</summary>
    ReplierLacksProperty,

    /// <summary>The request's valid-until passed (or it carries none, or one too far ahead): not accepted, not forwarded.</summary>
    RequestExpired,

    /// <summary>The broadcast's backward onion is not a whole number of layers: refused at the first hop.</summary>
    MalformedOnion,

    /// <summary>
    /// The frame carries the variable-size onion of protocol version 1 (or no fixed-size onion): since version 2 a node takes
    /// only the fixed-size backward onion (FixedSizeOnion, issue #15); the peer runs an older node and must upgrade.
    /// </summary>
    OldOnionFormat,

    /// <summary>The request carries no sender's stamp and this node requires one (<see cref="NodePolicy.StampBits"/>, issue #17).</summary>
    MissingStamp,

    /// <summary>The request's stamp has fewer leading zero bits than this node requires: too cheap, or solved for another request.</summary>
    BadStamp,
}
