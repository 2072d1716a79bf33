namespace GigGossip.Protocol.Peers;

/// <summary>
/// The shape of an <see cref="AddressBook"/>. The defaults follow Bitcoin Core's address manager scaled to a gig
/// network: a source's network group reaches at most <see cref="NewBucketsPerSourceGroup"/> of the new buckets, and
/// one network group at most <see cref="TriedBucketsPerGroup"/> of the tried buckets, so one operator's addresses
/// cannot fill the book however many it makes.
/// </summary>
public sealed record AddressBookOptions
{
    public int NewBuckets { get; init; } = 256;
    public int TriedBuckets { get; init; } = 64;
    public int BucketSize { get; init; } = 16;
    public int NewBucketsPerSourceGroup { get; init; } = 16;
    public int TriedBucketsPerGroup { get; init; } = 4;
    /// <summary>Records older than this are refused and forgotten (they were not renewed by their node).</summary>
    public long MaxRecordAgeMs { get; init; } = 14L * 24 * 3600 * 1000;
    /// <summary>How far ahead of our clock a record's timestamp may be.</summary>
    public long MaxRecordFutureMs { get; init; } = 10 * 60 * 1000;
    /// <summary>Failed connection attempts after which an address that never worked is the first evicted.</summary>
    public int MaxFailedAttempts { get; init; } = 3;
    /// <summary>Gives each loopback port its own group (several nodes on one machine, for tests and local networks).</summary>
    public bool LocalGroupsByPort { get; init; }

    /// <summary>Problems with the options, one line each (empty when usable).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (NewBuckets < 1 || TriedBuckets < 1 || BucketSize < 1) problems.Add("bucket counts and size must be at least 1");
        if (NewBucketsPerSourceGroup < 1 || NewBucketsPerSourceGroup > NewBuckets) problems.Add("newBucketsPerSourceGroup must be 1..newBuckets");
        if (TriedBucketsPerGroup < 1 || TriedBucketsPerGroup > TriedBuckets) problems.Add("triedBucketsPerGroup must be 1..triedBuckets");
        if (MaxRecordAgeMs <= 0 || MaxRecordFutureMs < 0) problems.Add("record age limits must be positive");
        if (MaxFailedAttempts < 1) problems.Add("maxFailedAttempts must be at least 1");
        return problems;
    }
}
