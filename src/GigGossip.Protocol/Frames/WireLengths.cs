namespace GigGossip.Protocol.Frames;

/// <summary>Fixed lengths of the byte fields in the frames (see the conventions in gig_gossip.proto).</summary>
public static class WireLengths
{
    public const int Id = 16;
    public const int PublicKey = 32;
    public const int Hash = 32;
    public const int Signature = 64;
    public const int PowTarget = 32;

    /// <summary>The longest funding notice a FundingNoticeFrame may carry (an HTLC notice is about 250 characters).</summary>
    public const int MaxFundingNotice = 400;

    /// <summary>The longest sealed funding notice: the longest notice plus a sealed box's overhead.</summary>
    public const int MaxSealedFundingNotice = MaxFundingNotice + Crypto.SealedBox.Overhead;
}
