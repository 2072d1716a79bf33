namespace GigGossip.Protocol.Crypto;

/// <summary>One BIP340 tag per signed message type, so a signature on one kind never verifies as another.</summary>
public static class SignatureTags
{
    public const string RequestPayload = "gig-gossip/request";
    public const string Certificate = "gig-gossip/certificate";
    public const string RevocationList = "gig-gossip/revocation-list";
    public const string SettlementPromise = "gig-gossip/settlement-promise";
    public const string CancelBroadcast = "gig-gossip/cancel-broadcast";
    /// <summary>Version 2 of the key-reveal request (bound to the job, fresh); version 1 was "gig-gossip/key-reveal" over the hash only.</summary>
    public const string KeyRevealRequest = "gig-gossip/key-reveal/2";
    public const string JobReport = "gig-gossip/job-report";
    public const string WalletChallenge = "gig-gossip/wallet-challenge";
    public const string SettlerSubject = "gig-gossip/settler-subject";
    public const string PickupReport = "gig-gossip/pickup-report";
    public const string DisputeStatement = "gig-gossip/dispute-statement";
    /// <summary>Not a signature: the tag of the hash that turns a network preimage into its pickup code.</summary>
    public const string PickupCode = "gig-gossip/pickup-code";
    public const string Reply = "gig-gossip/reply";
    public const string ReplyHashRequest = "gig-gossip/reply-hash-request";
    /// <summary>The replier's statement that its own wallet holds its reply invoice Accepted (docs/protocol/reply-acceptance.md).</summary>
    public const string ReplyAccepted = "gig-gossip/reply-accepted";
    /// <summary>A certified subject asks its settler for a batch of one-time certificates (docs/protocol/privacy.md).</summary>
    public const string OneTimeCertificates = "gig-gossip/one-time-certificates";
    /// <summary>Not a signature: the tag of a property commitment in a one-time certificate.</summary>
    public const string PropertyCommitment = "gig-gossip/property-commitment";
    /// <summary>A node's signed address, carried by peer exchange.</summary>
    public const string PeerRecord = "gig-gossip/peer-record";
}
