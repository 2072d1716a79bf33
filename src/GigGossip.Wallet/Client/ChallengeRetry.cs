namespace GigGossip.Wallet.Client;

/// <summary>Back-off for a wallet that answers a challenge with 429: doubling from <paramref name="First"/>, at most <paramref name="Longest"/>, never shorter than its Retry-After.</summary>
internal sealed record ChallengeRetry(TimeSpan First, TimeSpan Longest, TimeSpan GiveUpAfter)
{
    public TimeSpan Delay(int attempt, TimeSpan? retryAfter)
    {
        var doubled = First * Math.Pow(2, Math.Min(attempt, 16));
        var delay = doubled < Longest ? doubled : Longest;
        return retryAfter is { } asked && asked > delay ? (asked < Longest ? asked : Longest) : delay;
    }
}
