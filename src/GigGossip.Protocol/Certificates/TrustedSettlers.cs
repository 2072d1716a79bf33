using Google.Protobuf;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Certificates;

/// <summary>
/// The settlers a node trusts (policy data), looked up by key. A revocation list is stale after its
/// next_update, and also, when <see cref="MaxRevocationListAge"/> is set, once it is older than that.
/// Immutable: <see cref="With"/> returns a new set.
/// </summary>
public sealed class TrustedSettlers
{
    private readonly Dictionary<ByteString, TrustedSettler> _byKey = [];

    public TrustedSettlers(IEnumerable<TrustedSettler> settlers, TimeSpan? maxRevocationListAge = null)
    {
        ArgumentNullException.ThrowIfNull(settlers);
        if (maxRevocationListAge < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(maxRevocationListAge), "the maximum revocation list age must not be negative");
        foreach (var settler in settlers)
        {
            if (!_byKey.TryAdd(ByteString.CopyFrom(settler.PublicKey.Bytes), settler))
                throw new ArgumentException($"settler {settler.PublicKey} is listed twice", nameof(settlers));
        }
        MaxRevocationListAge = maxRevocationListAge;
    }

    public TimeSpan? MaxRevocationListAge { get; }

    public IReadOnlyCollection<TrustedSettler> All => _byKey.Values;

    public TrustedSettler? Find(ByteString publicKey) => _byKey.GetValueOrDefault(publicKey);

    public TrustedSettler? Find(PublicKey publicKey) => Find(ByteString.CopyFrom(publicKey.Bytes));

    /// <summary>
    /// A new set with this settler added, or replacing the one with the same key when its list is newer. Revocation lists
    /// only move forward (money rule "monotonic revocation lists"): a settler holding a valid list keeps it against a list
    /// that is not valid or was issued earlier, so replaying an old list cannot un-revoke a certificate.
    /// </summary>
    public TrustedSettlers With(TrustedSettler settler)
    {
        ArgumentNullException.ThrowIfNull(settler);
        if (Find(settler.PublicKey) is { } held && !Supersedes(settler, held)) return this;
        return new TrustedSettlers(All.Where(s => !s.PublicKey.Equals(settler.PublicKey)).Append(settler), MaxRevocationListAge);
    }

    /// <summary>True when <paramref name="candidate"/> may replace <paramref name="held"/>: the held list is not valid, or the candidate's is valid and not older.</summary>
    public static bool Supersedes(TrustedSettler candidate, TrustedSettler held)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(held);
        if (held.IssuedAtUnixMs is not { } heldIssuedAt) return true;
        return candidate.IssuedAtUnixMs is { } issuedAt && issuedAt >= heldIssuedAt;
    }

    internal bool IsStale(TrustedSettler settler, long nowUnixMs)
    {
        if (settler.NextUpdateUnixMs is not { } nextUpdate || settler.IssuedAtUnixMs is not { } issuedAt) return true;
        if (nowUnixMs > nextUpdate) return true;
        return MaxRevocationListAge is { } maxAge && nowUnixMs - issuedAt > maxAge.Ticks / TimeSpan.TicksPerMillisecond;
    }
}
