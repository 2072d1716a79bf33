namespace GigGossip.Protocol.Peers;

/// <summary>One known address: the latest record its node signed, where we learned it, and how connecting to it went.</summary>
public sealed class AddressEntry(PeerRecord record, string group, string sourceGroup)
{
    public PeerRecord Record { get; internal set; } = record;
    public string Group { get; internal set; } = group;
    /// <summary>The network group of the peer that told us about the address (ourselves for bootstrap addresses).</summary>
    public string SourceGroup { get; internal set; } = sourceGroup;
    /// <summary>True once a connection to it succeeded (it is in the tried table).</summary>
    public bool Tried { get; internal set; }
    public int FailedAttempts { get; internal set; }
    public long LastAttemptUnixMs { get; internal set; }
    public long LastSuccessUnixMs { get; internal set; }
    internal int Bucket { get; set; }

    /// <summary>An entry as a node saved it (its state file), to put back with <see cref="AddressBook.Restore"/>.</summary>
    public static AddressEntry Saved(PeerRecord record, string group, string sourceGroup, bool tried, int failedAttempts, long lastAttemptUnixMs, long lastSuccessUnixMs) =>
        new(record, group, sourceGroup) { Tried = tried, FailedAttempts = failedAttempts, LastAttemptUnixMs = lastAttemptUnixMs, LastSuccessUnixMs = lastSuccessUnixMs };
}
