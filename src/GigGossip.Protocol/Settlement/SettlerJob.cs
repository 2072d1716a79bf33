using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Settlement;

/// <summary>One reply invoice hash the settler made for a replier and a request, and its preimage.</summary>
internal sealed class ReplyRecord(byte[] preimage, PublicKey replier, PublicKey sender, string payloadId)
{
    public byte[] Preimage { get; } = preimage;
    public byte[] PaymentHash { get; } = Engine.Preimages.HashOf(preimage);
    public PublicKey Replier { get; } = replier;
    public PublicKey Sender { get; } = sender;
    public string PayloadId { get; } = payloadId;
    /// <summary>The replier's reply invoice (BOLT 11), known once a promise was asked for it: the only invoice a reply-accepted statement may be about.</summary>
    public string? ReplyInvoice { get; set; }
    public bool Accepted { get; set; }
    public bool Released { get; set; }
    public bool Cancelled { get; set; }
    /// <summary>
    /// The payer's hold deadline on the reply invoice, as the replier's latest signed statement gives it (not saved: after a
    /// restart the key waits for the replier's next statement, which its node repeats every poll).
    /// </summary>
    public long? HoldUntilUnixMs { get; set; }
}

/// <summary>One SettlementPromise: a network preimage (the key), its reply record, and where the money stands.</summary>
internal sealed class SettlerJob(byte[] networkPreimage, ReplyRecord reply)
{
    public byte[] NetworkPreimage { get; } = networkPreimage;
    public byte[] NetworkPaymentHash { get; } = Engine.Preimages.HashOf(networkPreimage);
    public ReplyRecord Reply { get; } = reply;
    public bool NetworkAccepted { get; set; }
    public bool KeyRevealed { get; set; }
    public SettlerJobState State { get; set; } = SettlerJobState.Locking;
    /// <summary>End of the pickup window plus the completion time: an undisputed job settles then.</summary>
    public long ServiceEndUnixMs { get; set; }
    /// <summary>Every hold on the job's invoices must last at least until then (service end + dispute window + margin).</summary>
    public long MinHoldUntilUnixMs { get; set; }
    /// <summary>The payer's hold deadline on the settler's network invoice, once Accepted.</summary>
    public long? NetworkHoldUntilUnixMs { get; set; }
    public long? DisputedAtUnixMs { get; set; }
    /// <summary>When the written default decides the dispute if the operator has not (before the earliest hold expires).</summary>
    public long? DefaultDecisionAtUnixMs { get; set; }
    public string? SenderStatement { get; set; }
    public string? ReplierStatement { get; set; }
    /// <summary>When the driver reported the right pickup code (proof of service).</summary>
    public long? PickupProvenAtUnixMs { get; set; }
    public int PickupAttempts { get; set; }
    public int SettleAttempts { get; set; }
    public SettlerDecision Decision { get; set; }
    /// <summary>
    /// Nonces of the verified key-reveal requests within the freshness window, with their timestamps (not saved: after a restart
    /// a request seen in the last window could be used once more).
    /// </summary>
    public Dictionary<string, long> RevealNonces { get; } = [];
}
