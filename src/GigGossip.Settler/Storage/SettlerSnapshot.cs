using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Settlement;

namespace GigGossip.Settler.Storage;

/// <summary>A settler's saved state as loaded at start.</summary>
public sealed record SettlerSnapshot(
    SecretKey? Key,
    string? Uri,
    IReadOnlyList<SettlerSubjectRecord> Subjects,
    IReadOnlyList<StoredCertificate> Certificates,
    SettlerEngineState Engine,
    IReadOnlyList<StoredTimer> Timers,
    IReadOnlyList<StoredOneTimeCertificate> OneTimeCertificates);

/// <summary>A certificate the authority issued, as signed, and whether it is revoked.</summary>
public sealed record StoredCertificate(byte[] Serial, PublicKey Subject, byte[] SignedCertificate, bool Revoked);

/// <summary>
/// A one-time certificate the authority issued (docs/protocol/privacy.md, "Unlinkable senders"): its serial, the subject it was
/// issued to (not its one-time key: the link only the settler holds) and whether it is revoked. The certificate itself is not
/// kept: nothing but revocation needs it.
/// </summary>
public sealed record StoredOneTimeCertificate(byte[] Serial, PublicKey Subject, bool Revoked);

/// <summary>A timer the engine set (lock or dispute deadline), re-armed after a restart.</summary>
public sealed record StoredTimer(string Id, long AtUnixMs);

/// <summary>One batch of changes: engine records, authority records, timers set and timers that fired.</summary>
public sealed record SettlerChanges
{
    public SettlerEngineState Engine { get; init; } = new([], []);

    public IReadOnlyList<SettlerSubjectRecord> Subjects { get; init; } = [];

    public IReadOnlyList<StoredCertificate> Certificates { get; init; } = [];

    public IReadOnlyList<StoredOneTimeCertificate> OneTimeCertificates { get; init; } = [];

    public IReadOnlyList<StoredTimer> TimersSet { get; init; } = [];

    public IReadOnlyList<string> TimersFired { get; init; } = [];

    public bool IsEmpty => Engine.IsEmpty && Subjects.Count == 0 && Certificates.Count == 0 && OneTimeCertificates.Count == 0 && TimersSet.Count == 0 && TimersFired.Count == 0;
}
