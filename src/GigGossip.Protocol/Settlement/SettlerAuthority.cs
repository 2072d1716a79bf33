using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Protocol.Settlement;

/// <summary>
/// The settler as certificate authority: subjects are registered, the operator grants them
/// properties (e.g. <c>driving_licence</c>), certificates are issued and revoked, and the revocation
/// list is signed afresh whenever it changes or goes stale.
/// </summary>
public sealed class SettlerAuthority(SecretKey key, string uri, long revocationListValidityMs)
{
    private readonly Dictionary<PublicKey, Dictionary<string, byte[]>> _subjects = [];
    private readonly Dictionary<ByteString, PublicKey> _issued = [];
    private readonly HashSet<ByteString> _revoked = [];
    private readonly HashSet<PublicKey> _approved = [];
    private readonly HashSet<ByteString> _oneTime = [];
    private SignedRevocationList? _list;
    private long _listIssuedAt;

    public string Uri { get; } = uri;

    public PublicKey PublicKey => key.PublicKey;

    public IReadOnlyCollection<ByteString> Revoked => _revoked;

    /// <summary>Registers a subject (idempotent); it has no properties until the operator grants some.</summary>
    public void Register(PublicKey subject) => _subjects.TryAdd(subject, []);

    public bool IsRegistered(PublicKey subject) => _subjects.ContainsKey(subject);

    /// <summary>The operator approves a registered subject (its checks passed); idempotent.</summary>
    public void Approve(PublicKey subject)
    {
        if (!_subjects.ContainsKey(subject)) throw new SettlerException(NotRegistered(subject));
        _approved.Add(subject);
    }

    public bool IsApproved(PublicKey subject) => _approved.Contains(subject);

    /// <summary>The operator grants a property (the result of its KYC) to a registered subject.</summary>
    public void Grant(PublicKey subject, string property, byte[] value)
    {
        if (!_subjects.TryGetValue(subject, out var properties)) throw new SettlerException(NotRegistered(subject));
        if (string.IsNullOrWhiteSpace(property)) throw new SettlerException("property name is empty");
        properties[property] = value;
    }

    /// <summary>Issues a certificate with every property granted so far.</summary>
    public SignedCertificate Issue(PublicKey subject, long notBeforeUnixMs, long notAfterUnixMs)
    {
        if (!_subjects.TryGetValue(subject, out var properties)) throw new SettlerException(NotRegistered(subject));
        if (notAfterUnixMs <= notBeforeUnixMs) throw new SettlerException("certificate would expire before it starts");
        var serial = CertificateIssuer.NewSerial();
        _issued[serial] = subject;
        return CertificateIssuer.Issue(key, Uri, serial, subject, properties,
            DateTimeOffset.FromUnixTimeMilliseconds(notBeforeUnixMs), DateTimeOffset.FromUnixTimeMilliseconds(notAfterUnixMs));
    }

    /// <summary>
    /// Revokes a certificate this authority issued; the next revocation list names it. Revoking a subject's own
    /// certificate revokes every one-time certificate issued to that subject too (its batches).
    /// </summary>
    public void Revoke(ByteString serial)
    {
        if (!_issued.TryGetValue(serial, out var subject)) throw new SettlerException($"no certificate with serial {Convert.ToHexStringLower(serial.Span)} was issued here");
        if (_revoked.Add(serial)) _list = null;
        if (_oneTime.Contains(serial)) return;
        foreach (var (batchSerial, _) in _issued.Where(i => i.Value.Equals(subject) && _oneTime.Contains(i.Key)).ToList())
            if (_revoked.Add(batchSerial)) _list = null;
    }

    /// <summary>
    /// A batch of one-time certificates (docs/protocol/privacy.md, "Unlinkable senders") for the subject of
    /// <paramref name="parent"/>, a certificate this authority issued and has not revoked: one per key, each with fresh
    /// commitments to the subject's properties (its openings alongside), valid from the start of the UTC day of
    /// <paramref name="nowUnixMs"/> for <paramref name="validityMs"/> (not past the parent), so certificates issued the same day
    /// look alike. The authority remembers each serial under the subject: it can link them (disputes, KYC, revocation),
    /// nobody else can.
    /// </summary>
    public IReadOnlyList<(SignedCertificate Certificate, IReadOnlyList<PropertyOpening> Openings)> IssueOneTime(
        Certificate parent, IReadOnlyList<PublicKey> keys, long nowUnixMs, long validityMs)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(keys);
        if (!_issued.TryGetValue(parent.Serial, out var subject) || _oneTime.Contains(parent.Serial) || !subject.Bytes.SequenceEqual(parent.SubjectPublicKey.Span))
            throw new SettlerException("one-time certificates are issued only against a subject's own certificate from this settler");
        if (_revoked.Contains(parent.Serial)) throw new SettlerException("the subject's certificate is revoked");
        if (!_subjects.TryGetValue(subject, out var properties)) throw new SettlerException(NotRegistered(subject));
        var notBefore = nowUnixMs - Modulo(nowUnixMs, 86_400_000);
        var notAfter = Math.Min(notBefore + validityMs, parent.NotAfterUnixMs);
        if (notAfter <= nowUnixMs) throw new SettlerException("the subject's certificate expires too soon for one-time certificates");
        var batch = new List<(SignedCertificate, IReadOnlyList<PropertyOpening>)>();
        foreach (var oneTimeKey in keys)
        {
            var openings = CertificateCommitments.Openings(properties);
            var serial = CertificateIssuer.NewSerial();
            _issued[serial] = subject;
            _oneTime.Add(serial);
            batch.Add((CertificateIssuer.IssueOneTime(key, Uri, serial, oneTimeKey, CertificateCommitments.Padded(openings),
                DateTimeOffset.FromUnixTimeMilliseconds(notBefore), DateTimeOffset.FromUnixTimeMilliseconds(notAfter)), openings));
        }
        return batch;
    }

    private static long Modulo(long value, long divisor) => ((value % divisor) + divisor) % divisor;

    /// <summary>The properties granted to a registered subject so far.</summary>
    public IReadOnlyDictionary<string, byte[]> PropertiesOf(PublicKey subject) =>
        _subjects.TryGetValue(subject, out var properties) ? properties : throw new SettlerException($"subject {subject} is not registered");

    /// <summary>Every registered subject with its properties and whether it is approved.</summary>
    public IReadOnlyList<SettlerSubjectRecord> ExportSubjects() =>
        [.. _subjects.Select(s => new SettlerSubjectRecord(s.Key, new Dictionary<string, byte[]>(s.Value), _approved.Contains(s.Key)))];

    /// <summary>The operator's hint when a subject it names has not registered.</summary>
    private static string NotRegistered(PublicKey subject) =>
        $"subject {subject} is not registered; the subject registers first with a proof of its key (giggossip certificate request, or POST /v1/subjects), then the operator can approve or grant";

    /// <summary>Every certificate issued, with whether it is revoked.</summary>
    public IReadOnlyList<IssuedCertificateRecord> ExportIssued() =>
        [.. _issued.Select(i => new IssuedCertificateRecord(i.Key, i.Value, _revoked.Contains(i.Key), _oneTime.Contains(i.Key)))];

    /// <summary>Loads saved subjects and issued certificates into a new authority.</summary>
    public void Restore(IEnumerable<SettlerSubjectRecord> subjects, IEnumerable<IssuedCertificateRecord> issued)
    {
        if (_subjects.Count > 0 || _issued.Count > 0) throw new InvalidOperationException("restore into a new authority only");
        foreach (var subject in subjects)
        {
            _subjects[subject.Subject] = new Dictionary<string, byte[]>(subject.Properties);
            if (subject.Approved) _approved.Add(subject.Subject);
        }
        foreach (var certificate in issued)
        {
            _issued[certificate.Serial] = certificate.Subject;
            if (certificate.Revoked) _revoked.Add(certificate.Serial);
            if (certificate.OneTime) _oneTime.Add(certificate.Serial);
        }
        _list = null;
    }

    /// <summary>The signed revocation list, re-signed when it changed or half its validity has passed.</summary>
    public SignedRevocationList RevocationList(long nowUnixMs)
    {
        if (_list is null || nowUnixMs - _listIssuedAt >= revocationListValidityMs / 2)
        {
            _listIssuedAt = nowUnixMs;
            _list = CertificateIssuer.SignRevocationList(key, _revoked,
                DateTimeOffset.FromUnixTimeMilliseconds(nowUnixMs), DateTimeOffset.FromUnixTimeMilliseconds(nowUnixMs + revocationListValidityMs));
        }
        return _list;
    }
}
