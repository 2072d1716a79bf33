namespace GigGossip.Protocol.Peers;

/// <summary>
/// The proof of work a middleman asks of a peer, priced by the peer's recent volume and its score: a peer asking
/// within <see cref="FreeAsks"/> (decayed count) pays the base, each doubling beyond it costs one more leading zero bit
/// (up to <see cref="MaxExtraBits"/>), and a peer with a good track record earns back up to
/// <see cref="MaxDiscountBits"/>, one bit per <see cref="ScorePerDiscountBit"/>. A spammer therefore pays more per
/// request the more it sends, while the honest relays' cost per forwarded request stays at the base.
/// </summary>
public sealed record PowPricing
{
    public int BaseBits { get; init; } = 20;
    public double FreeAsks { get; init; } = 10;
    public int MaxExtraBits { get; init; } = 8;
    public double ScorePerDiscountBit { get; init; } = 20;
    public int MaxDiscountBits { get; init; } = 2;
    public int MinBits { get; init; } = 1;

    public int BitsFor(double score, double recentAsks)
    {
        var extra = recentAsks <= FreeAsks ? 0 : (int)Math.Min(MaxExtraBits, Math.Floor(Math.Log2(recentAsks / FreeAsks)) + 1);
        var discount = score <= 0 ? 0 : (int)Math.Min(MaxDiscountBits, Math.Floor(score / ScorePerDiscountBit));
        return Math.Clamp(BaseBits + extra - discount, MinBits, 256);
    }
}
