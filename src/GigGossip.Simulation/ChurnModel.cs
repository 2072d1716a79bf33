namespace GigGossip.Simulation;

/// <summary>
/// Mobile nodes going offline and back: a share of the nodes alternate between online and offline
/// periods drawn from exponential distributions with these means.
/// </summary>
public sealed record ChurnModel(double Share, long MeanOnlineMs, long MeanOfflineMs)
{
    public static ChurnModel None { get; } = new(0, 1, 1);

    public long DrawOnline(Random random) => Exponential(random, MeanOnlineMs);

    public long DrawOffline(Random random) => Exponential(random, MeanOfflineMs);

    private static long Exponential(Random random, long mean) => Math.Max(1, (long)Math.Ceiling(-Math.Log(1 - random.NextDouble()) * mean));
}
