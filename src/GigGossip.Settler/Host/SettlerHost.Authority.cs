using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Storage;
using Google.Protobuf;

namespace GigGossip.Settler.Host;

/// <summary>
/// The certificate authority's operations, on the loop and saved like everything else: subjects register with
/// a proof of their key, the operator grants properties (KYC) and revokes, certificates carry what was granted.
/// Refusals throw <see cref="SettlerException"/> (unknown subject or serial, bad property) or
/// <see cref="SubjectProofException"/> (the proof does not hold).
/// </summary>
public sealed partial class SettlerHost
{
    public const int MaxPropertyNameLength = 64;
    public const int MaxPropertyValueBytes = 256;

    private readonly Dictionary<string, StoredCertificate> _certificates = [];

    /// <summary>Registers the proof's subject (idempotent) and returns what has been granted to it so far.</summary>
    public Task<SettlerSubjectRecord> RegisterAsync(SubjectProof proof, CancellationToken cancellationToken = default) => _shared is not null
        ? _shared.OnSubjectAsync(proof.Subject, (authority, _) =>
        {
            CheckProof(proof, SubjectAction.Register);
            if (authority.IsRegistered(proof.Subject)) return (Subject(authority, proof.Subject), new SettlerChanges());
            authority.Register(proof.Subject);
            return (Subject(authority, proof.Subject), new SettlerChanges { Subjects = [Subject(authority, proof.Subject)] });
        }, cancellationToken)
        : Ask(async () =>
    {
        CheckProof(proof, SubjectAction.Register);
        if (!_authority.IsRegistered(proof.Subject))
        {
            _authority.Register(proof.Subject);
            await SaveOrThrowAsync(new SettlerChanges { Subjects = [Subject(proof.Subject)] });
        }
        return Subject(proof.Subject);
    }).WaitAsync(cancellationToken);

    /// <summary>The operator grants a property to a registered subject; later certificates carry it.</summary>
    public Task<SettlerSubjectRecord> GrantAsync(PublicKey subject, string property, byte[] value, CancellationToken cancellationToken = default) => _shared is not null
        ? _shared.OnSubjectAsync(subject, (authority, _) =>
        {
            CheckGrant(property, value);
            authority.Grant(subject, property, value);
            return (Subject(authority, subject), new SettlerChanges { Subjects = [Subject(authority, subject)] });
        }, cancellationToken)
        : Ask(async () =>
    {
        CheckGrant(property, value);
        _authority.Grant(subject, property, value);
        await SaveOrThrowAsync(new SettlerChanges { Subjects = [Subject(subject)] });
        return Subject(subject);
    }).WaitAsync(cancellationToken);

    /// <summary>
    /// A subject asks for its certificate (with a proof); it carries every property granted so far. Under the approval
    /// registration policy only a subject the operator approved gets one.
    /// </summary>
    /// <exception cref="SubjectNotApprovedException">The policy is approval and the operator has not approved the subject.</exception>
    public Task<SignedCertificate> RequestCertificateAsync(SubjectProof proof, CancellationToken cancellationToken = default) => _shared is not null
        ? _shared.OnSubjectAsync(proof.Subject, (authority, now) =>
        {
            CheckProof(proof, SubjectAction.Certificate);
            if (_engine.Policy.Registration == RegistrationPolicy.Approval && authority.IsRegistered(proof.Subject) && !authority.IsApproved(proof.Subject))
                throw new SubjectNotApprovedException($"subject {proof.Subject} is registered but not approved; the operator approves it first (giggossip settler approve --subject KEY)");
            return Issue(authority, proof.Subject, now);
        }, cancellationToken)
        : Ask(() =>
    {
        CheckProof(proof, SubjectAction.Certificate);
        if (_engine.Policy.Registration == RegistrationPolicy.Approval && _authority.IsRegistered(proof.Subject) && !_authority.IsApproved(proof.Subject))
            throw new SubjectNotApprovedException($"subject {proof.Subject} is registered but not approved; the operator approves it first (giggossip settler approve --subject KEY)");
        return IssueOnLoopAsync(proof.Subject);
    }).WaitAsync(cancellationToken);

    /// <summary>The operator approves a registered subject: under the approval policy it may now ask for its certificate.</summary>
    public Task<SettlerSubjectRecord> ApproveAsync(PublicKey subject, CancellationToken cancellationToken = default) => _shared is not null
        ? _shared.OnSubjectAsync(subject, (authority, _) =>
        {
            authority.Approve(subject);
            return (Subject(authority, subject), new SettlerChanges { Subjects = [Subject(authority, subject)] });
        }, cancellationToken)
        : Ask(async () =>
    {
        _authority.Approve(subject);
        await SaveOrThrowAsync(new SettlerChanges { Subjects = [Subject(subject)] });
        return Subject(subject);
    }).WaitAsync(cancellationToken);

    /// <summary>Every registered subject, its properties and whether it is approved, by key.</summary>
    public Task<IReadOnlyList<SettlerSubjectRecord>> SubjectsAsync(CancellationToken cancellationToken = default) => _shared is not null
        ? SortedAsync(_shared.SubjectsAsync(cancellationToken))
        : Ask(() => ValueTask.FromResult<IReadOnlyList<SettlerSubjectRecord>>([.. _authority.ExportSubjects().OrderBy(s => s.Subject.ToHex(), StringComparer.Ordinal)]))
            .WaitAsync(cancellationToken);

    /// <summary>
    /// The operator issues a certificate to a registered subject; under the approval registration policy only to one it
    /// approved, so the list of approved subjects is the whole list of those certified.
    /// </summary>
    /// <exception cref="SubjectNotApprovedException">The policy is approval and the operator has not approved the subject.</exception>
    public Task<SignedCertificate> IssueCertificateAsync(PublicKey subject, CancellationToken cancellationToken = default) => _shared is not null
        ? _shared.OnSubjectAsync(subject, (authority, now) =>
        {
            if (_engine.Policy.Registration == RegistrationPolicy.Approval && authority.IsRegistered(subject) && !authority.IsApproved(subject))
                throw new SubjectNotApprovedException($"subject {subject} is registered but not approved; approve it first (giggossip settler approve --subject KEY), then issue");
            return Issue(authority, subject, now);
        }, cancellationToken)
        : Ask(() =>
    {
        if (_engine.Policy.Registration == RegistrationPolicy.Approval && _authority.IsRegistered(subject) && !_authority.IsApproved(subject))
            throw new SubjectNotApprovedException($"subject {subject} is registered but not approved; approve it first (giggossip settler approve --subject KEY), then issue");
        return IssueOnLoopAsync(subject);
    }).WaitAsync(cancellationToken);

    /// <summary>
    /// The operator revokes a certificate this settler issued; the next revocation list names it, and for a subject's own
    /// certificate every one-time certificate issued to that subject.
    /// </summary>
    public Task RevokeAsync(byte[] serial, CancellationToken cancellationToken = default) => _shared is not null
        ? _shared.RevokeAsync(serial, cancellationToken)
        : Ask(async () =>
    {
        var hex = Convert.ToHexStringLower(serial);
        var changes = RevocationOf(hex) ?? throw new SettlerException($"no certificate with serial {hex} was issued here");
        _authority.Revoke(ByteString.CopyFrom(serial));
        await SaveOrThrowAsync(changes);
        RememberCertificates(changes.Certificates);
        RememberOneTime(changes.OneTimeCertificates);
        return true;
    }).WaitAsync(cancellationToken);

    private async ValueTask<SignedCertificate> IssueOnLoopAsync(PublicKey subject)
    {
        var now = NowMs;
        var signed = _authority.Issue(subject, now, now + (long)_options.CertificateValidity.TotalMilliseconds);
        var stored = new StoredCertificate(signed.ReadCertificate().Serial.ToByteArray(), subject, signed.ToByteArray(), Revoked: false);
        await SaveOrThrowAsync(new SettlerChanges { Certificates = [stored] });
        RememberCertificates([stored]);
        return signed;
    }

    private void RememberCertificates(IEnumerable<StoredCertificate> certificates)
    {
        foreach (var certificate in certificates) _certificates[Convert.ToHexStringLower(certificate.Serial)] = certificate;
    }

    private void CheckProof(SubjectProof proof, SubjectAction action)
    {
        if (proof.Check(action, PublicKey, NowMs, (long)_options.ProofTolerance.TotalMilliseconds) is { } problem) throw new SubjectProofException(problem);
    }

    private SettlerSubjectRecord Subject(PublicKey subject) => Subject(_authority, subject);

    private static SettlerSubjectRecord Subject(SettlerAuthority authority, PublicKey subject) =>
        new(subject, new Dictionary<string, byte[]>(authority.PropertiesOf(subject)), authority.IsApproved(subject));

    private static void CheckGrant(string property, byte[] value)
    {
        if (string.IsNullOrWhiteSpace(property) || property.Length > MaxPropertyNameLength || property.Any(char.IsControl))
            throw new SettlerException($"a property name is 1-{MaxPropertyNameLength} printable characters");
        if (value.Length > MaxPropertyValueBytes) throw new SettlerException($"a property value is at most {MaxPropertyValueBytes} bytes");
    }

    /// <summary>A certificate with everything granted so far, and the change that records it (a shared settler's issue).</summary>
    private (SignedCertificate, SettlerChanges) Issue(SettlerAuthority authority, PublicKey subject, long now)
    {
        var signed = authority.Issue(subject, now, now + (long)_options.CertificateValidity.TotalMilliseconds);
        var stored = new StoredCertificate(signed.ReadCertificate().Serial.ToByteArray(), subject, signed.ToByteArray(), Revoked: false);
        return (signed, new SettlerChanges { Certificates = [stored] });
    }

    private static async Task<IReadOnlyList<SettlerSubjectRecord>> SortedAsync(Task<IReadOnlyList<SettlerSubjectRecord>> subjects) =>
        [.. (await subjects).OrderBy(s => s.Subject.ToHex(), StringComparer.Ordinal)];

    private async ValueTask SaveOrThrowAsync(SettlerChanges changes)
    {
        if (!await SaveAsync(changes)) throw new SettlerException(_failure!);
    }
}
