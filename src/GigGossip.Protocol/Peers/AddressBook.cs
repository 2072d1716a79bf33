using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Peers;

/// <summary>
/// The addresses a node knows, in two bucketed tables (after Bitcoin Core's address manager, Heilman et al. 2015):
/// "new" for addresses heard of and "tried" for addresses a connection succeeded to. The bucket of a new address
/// depends on its network group and on the group of the peer that told us, keyed by a secret salt, so one source
/// reaches few buckets; a tried address's bucket depends on its own group. Selection picks a bucket first, so an
/// attacker holding a few buckets is picked rarely however many addresses it advertises. Pure: time and randomness
/// are inputs.
/// </summary>
public sealed class AddressBook
{
    private readonly byte[] _salt;
    private readonly AddressBookOptions _options;
    private readonly PublicKey? _self;
    private readonly List<AddressEntry>[] _new;
    private readonly List<AddressEntry>[] _tried;
    private readonly Dictionary<PublicKey, AddressEntry> _byKey = [];

    public AddressBook(ReadOnlySpan<byte> salt, AddressBookOptions options, PublicKey? self = null)
    {
        var problems = options.Problems();
        if (problems.Count > 0) throw new ArgumentException(string.Join("; ", problems), nameof(options));
        _salt = salt.ToArray();
        _options = options;
        _self = self;
        _new = NewTable(options.NewBuckets);
        _tried = NewTable(options.TriedBuckets);
    }

    public int Count => _byKey.Count;
    public int NewCount => _new.Sum(b => b.Count);
    public int TriedCount => _tried.Sum(b => b.Count);
    public IEnumerable<AddressEntry> Entries => _byKey.Values;

    public AddressEntry? Find(PublicKey node) => _byKey.GetValueOrDefault(node);

    /// <summary>The network group of an address, as this book groups it.</summary>
    public string GroupOf(string address) => NetworkGroup.Of(address, _options.LocalGroupsByPort);

    /// <summary>Adds a record heard from a peer at <paramref name="sourceAddress"/> (our own address for bootstrap entries).</summary>
    public AddressBookOutcome Add(PeerRecord record, string sourceAddress, long nowUnixMs) => Add(record, sourceAddress, nowUnixMs, out _);

    /// <summary>As <see cref="Add(PeerRecord, string, long)"/>, with the verdict on a refused record (a record no newer than the one kept is not checked again).</summary>
    public AddressBookOutcome Add(PeerRecord record, string sourceAddress, long nowUnixMs, out PeerRecordVerdict verdict)
    {
        verdict = PeerRecordVerdict.Valid;
        if (_self is not null && record.NodeKey.Equals(_self)) return AddressBookOutcome.Ours;
        _byKey.TryGetValue(record.NodeKey, out var known);
        if (known is not null && record.TimestampUnixMs <= known.Record.TimestampUnixMs) return AddressBookOutcome.Known;
        verdict = record.Check(nowUnixMs, _options.MaxRecordAgeMs, _options.MaxRecordFutureMs);
        if (verdict != PeerRecordVerdict.Valid) return AddressBookOutcome.Refused;
        if (known is not null)
        {
            if (record.Address == known.Record.Address) { known.Record = record; return AddressBookOutcome.Updated; }
            Remove(known);
            Place(new AddressEntry(record, GroupOf(record.Address), GroupOf(sourceAddress)), tried: false);
            return AddressBookOutcome.Updated;
        }
        Place(new AddressEntry(record, GroupOf(record.Address), GroupOf(sourceAddress)), tried: false);
        return AddressBookOutcome.Added;
    }

    /// <summary>A connection to the node succeeded: its address moves to the tried table.</summary>
    public void MarkGood(PublicKey node, long nowUnixMs)
    {
        if (!_byKey.TryGetValue(node, out var entry)) return;
        entry.FailedAttempts = 0;
        entry.LastAttemptUnixMs = entry.LastSuccessUnixMs = nowUnixMs;
        if (entry.Tried) return;
        Remove(entry);
        Place(entry, tried: true);
    }

    /// <summary>A connection attempt to the node failed.</summary>
    public void MarkFailed(PublicKey node, long nowUnixMs)
    {
        if (!_byKey.TryGetValue(node, out var entry)) return;
        entry.FailedAttempts++;
        entry.LastAttemptUnixMs = nowUnixMs;
    }

    /// <summary>
    /// Picks an address to connect to: the tried or the new table with equal chance (whichever is not empty), then a
    /// bucket, then an entry; never one of <paramref name="exclude"/> nor in one of <paramref name="excludeGroups"/>
    /// (the groups of the outbound peers already connected, so outbound peers span distinct groups).
    /// </summary>
    public AddressEntry? Select(Random random, IReadOnlySet<PublicKey> exclude, IReadOnlySet<string> excludeGroups)
    {
        bool Eligible(AddressEntry e) => !exclude.Contains(e.Record.NodeKey) && !excludeGroups.Contains(e.Group);
        var tables = new[] { _tried, _new };
        var first = random.Next(2);
        for (var t = 0; t < 2; t++)
        {
            var table = tables[(first + t) % 2];
            if (Probe(table, random, Eligible) is { } probed) return probed;
            var buckets = Enumerable.Range(0, table.Length).Where(b => table[b].Any(Eligible)).ToList();
            if (buckets.Count == 0) continue;
            var bucket = table[buckets[random.Next(buckets.Count)]].Where(Eligible).ToList();
            return bucket[random.Next(bucket.Count)];
        }
        return null;
    }

    /// <summary>A few random tries at a bucket, then an entry of it (cheap while most entries are eligible); null when they all miss.</summary>
    private static AddressEntry? Probe(List<AddressEntry>[] table, Random random, Func<AddressEntry, bool> eligible)
    {
        for (var tries = 0; tries < 4 * table.Length; tries++)
        {
            var bucket = table[random.Next(table.Length)];
            if (bucket.Count == 0) continue;
            var entry = bucket[random.Next(bucket.Count)];
            if (eligible(entry)) return entry;
        }
        return null;
    }

    /// <summary>Up to <paramref name="count"/> records to answer a peer exchange request, tried ones first, bucket by bucket.</summary>
    public IReadOnlyList<PeerRecord> Sample(Random random, int count)
    {
        var picked = new List<PeerRecord>(count);
        foreach (var table in new[] { _tried, _new })
        {
            var order = Enumerable.Range(0, table.Length).Where(b => table[b].Count > 0).OrderBy(_ => random.Next()).ToList();
            for (var round = 0; picked.Count < count && order.Count > 0; round++)
            {
                order.RemoveAll(b => table[b].Count <= round);
                foreach (var b in order)
                {
                    if (picked.Count == count) break;
                    picked.Add(table[b][round].Record);
                }
            }
        }
        return picked;
    }

    /// <summary>Forgets records their nodes have not renewed within the maximum age.</summary>
    public int ForgetStale(long nowUnixMs)
    {
        var stale = _byKey.Values.Where(e => e.Record.TimestampUnixMs < nowUnixMs - _options.MaxRecordAgeMs).ToList();
        foreach (var entry in stale) Remove(entry);
        return stale.Count;
    }

    /// <summary>Puts back an entry read from storage, in the table it was in (bucket recomputed with this book's salt).</summary>
    public void Restore(AddressEntry entry)
    {
        if (_byKey.ContainsKey(entry.Record.NodeKey)) return;
        Place(entry, entry.Tried);
    }

    private void Place(AddressEntry entry, bool tried)
    {
        var table = tried ? _tried : _new;
        var bucketIndex = tried ? TriedBucket(entry) : NewBucket(entry);
        var bucket = table[bucketIndex];
        if (bucket.Count >= _options.BucketSize)
        {
            var evicted = Worst(bucket);
            Remove(evicted);
            if (tried) Place(evicted, tried: false);
        }
        entry.Tried = tried;
        entry.Bucket = bucketIndex;
        bucket.Add(entry);
        _byKey[entry.Record.NodeKey] = entry;
    }

    private void Remove(AddressEntry entry)
    {
        (entry.Tried ? _tried : _new)[entry.Bucket].Remove(entry);
        _byKey.Remove(entry.Record.NodeKey);
    }

    /// <summary>The entry a full bucket gives up: one that keeps failing, else the one heard from or worked longest ago.</summary>
    private AddressEntry Worst(List<AddressEntry> bucket) =>
        bucket.OrderByDescending(e => e.FailedAttempts >= _options.MaxFailedAttempts && e.LastSuccessUnixMs == 0)
            .ThenBy(e => Math.Max(e.LastSuccessUnixMs, e.Record.TimestampUnixMs))
            .First();

    private int NewBucket(AddressEntry entry)
    {
        var perSource = Hash(entry.Group, entry.SourceGroup) % (ulong)_options.NewBucketsPerSourceGroup;
        return (int)(Hash(entry.SourceGroup, perSource.ToString()) % (ulong)_options.NewBuckets);
    }

    private int TriedBucket(AddressEntry entry)
    {
        var perGroup = Hash(entry.Record.Address) % (ulong)_options.TriedBucketsPerGroup;
        return (int)(Hash(entry.Group, perGroup.ToString()) % (ulong)_options.TriedBuckets);
    }

    private ulong Hash(params string[] parts)
    {
        var text = Encoding.UTF8.GetBytes(string.Join('\n', parts));
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData([.. _salt, .. text], digest);
        return BinaryPrimitives.ReadUInt64BigEndian(digest);
    }

    private static List<AddressEntry>[] NewTable(int buckets) => Enumerable.Range(0, buckets).Select(_ => new List<AddressEntry>()).ToArray();
}
