using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Settler.Http;

namespace GigGossip.Settler.Client;

/// <summary>The operator's side of a settler service (admin token): grant properties, issue and revoke certificates.</summary>
public sealed class SettlerAdminClient(Uri baseUri, string adminToken, HttpClient? http = null) : IDisposable
{
    private readonly SettlerHttp _http = new(baseUri, http, adminToken);

    /// <summary>Grants <paramref name="property"/> (value bytes; default 01) to a registered subject; returns all its properties (hex values).</summary>
    public async Task<IReadOnlyDictionary<string, string>> GrantAsync(PublicKey subject, string property, byte[]? value = null, CancellationToken cancellationToken = default) =>
        (await _http.RequireAsync<SubjectJson>(HttpMethod.Post, "v1/admin/grants",
            new GrantRequest(subject.ToHex(), property, value is null ? null : Convert.ToHexStringLower(value)), cancellationToken)).Properties;

    /// <summary>Every registered subject with its properties (hex values) and whether it is approved.</summary>
    public async Task<IReadOnlyList<SubjectJson>> SubjectsAsync(CancellationToken cancellationToken = default) =>
        (await _http.RequireAsync<SubjectsJson>(HttpMethod.Get, "v1/admin/subjects", null, cancellationToken)).Subjects;

    /// <summary>Approves a registered subject (under the approval registration policy it may then get its certificate).</summary>
    public Task<SubjectJson> ApproveAsync(PublicKey subject, CancellationToken cancellationToken = default) =>
        _http.RequireAsync<SubjectJson>(HttpMethod.Post, $"v1/admin/subjects/{subject.ToHex()}/approve", null, cancellationToken);

    /// <summary>Issues a certificate to a registered subject.</summary>
    public async Task<SignedCertificate> IssueAsync(PublicKey subject, CancellationToken cancellationToken = default)
    {
        var json = await _http.RequireAsync<CertificateJson>(HttpMethod.Post, "v1/admin/certificates", new IssueRequest(subject.ToHex()), cancellationToken);
        return SignedCertificate.Parser.ParseFrom(Convert.FromBase64String(json.Certificate));
    }

    /// <summary>Revokes a certificate by its 16-byte serial; returns the new signed revocation list.</summary>
    public async Task<SignedRevocationList> RevokeAsync(byte[] serial, CancellationToken cancellationToken = default)
    {
        var json = await _http.RequireAsync<RevocationListJson>(HttpMethod.Post, "v1/admin/revocations", new RevokeRequest(Convert.ToHexStringLower(serial)), cancellationToken);
        return SignedRevocationList.Parser.ParseFrom(Convert.FromBase64String(json.SignedRevocationList));
    }

    /// <summary>Every job disputed after its key reveal, open or decided, newest first.</summary>
    public async Task<IReadOnlyList<DisputeJson>> ListDisputesAsync(CancellationToken cancellationToken = default) =>
        (await _http.RequireAsync<DisputeListJson>(HttpMethod.Get, "v1/admin/disputes", null, cancellationToken)).Disputes;

    /// <summary>One dispute by its network payment hash.</summary>
    public Task<DisputeJson> GetDisputeAsync(byte[] networkPaymentHash, CancellationToken cancellationToken = default) =>
        _http.RequireAsync<DisputeJson>(HttpMethod.Get, $"v1/admin/disputes/{Convert.ToHexStringLower(networkPaymentHash)}", null, cancellationToken);

    /// <summary>Decides an open dispute: <paramref name="settle"/> pays the driver, otherwise the sender is refunded.</summary>
    public Task<DisputeJson> DecideDisputeAsync(byte[] networkPaymentHash, bool settle, CancellationToken cancellationToken = default) =>
        _http.RequireAsync<DisputeJson>(HttpMethod.Post, $"v1/admin/disputes/{Convert.ToHexStringLower(networkPaymentHash)}/decide",
            new DecideRequest(settle ? "settle" : "refund"), cancellationToken);

    public void Dispose() => _http.Dispose();
}
