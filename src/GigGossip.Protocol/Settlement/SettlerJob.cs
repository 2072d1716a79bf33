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
    public bool Watched => ReplyInvoice is not null;
    /// <summary>The replier's reply invoice (BOLT 11), known once a promise was asked for it; then it is watched.</summary>
    public string? ReplyInvoice { get; set; }
    public bool Accepted { get; set; }
    public bool Released { get; set; }
    public bool Cancelled { get; set; }
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
}
