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

    /// <summary>A new set with this settler added, or replacing the one with the same key (e.g. with a newer list).</summary>
    public TrustedSettlers With(TrustedSettler settler)
    {
        ArgumentNullException.ThrowIfNull(settler);
        return new TrustedSettlers(All.Where(s => !s.PublicKey.Equals(settler.PublicKey)).Append(settler), MaxRevocationListAge);
    }

    internal bool IsStale(TrustedSettler settler, long nowUnixMs)
    {
        if (settler.NextUpdateUnixMs is not { } nextUpdate || settler.IssuedAtUnixMs is not { } issuedAt) return true;
        if (nowUnixMs > nextUpdate) return true;
        return MaxRevocationListAge is { } maxAge && nowUnixMs - issuedAt > maxAge.Ticks / TimeSpan.TicksPerMillisecond;
    }
}
