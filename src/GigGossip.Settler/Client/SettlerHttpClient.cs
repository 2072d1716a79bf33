using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using GigGossip.Http;
using GigGossip.Settler.Http;

namespace GigGossip.Settler.Client;

/// <summary>
/// A settler service over HTTP, as an <see cref="ISettlerApi"/>: node hosts call it exactly as they call an
/// in-process <see cref="Host.SettlerHost"/>. Refusals come back as <see cref="SettlerRefused"/>; a settler that
/// cannot be reached throws <see cref="SettlerUnreachableException"/>. Subjects also register and get their
/// certificates here, signing a <see cref="SubjectProof"/>.
/// </summary>
public sealed class SettlerHttpClient : ISettlerApi, ISettlerFundingNotices, IDisposable
{
    private readonly SettlerHttp _http;
    private PublicKey? _publicKey;

    /// <param name="baseUri">Where the service answers.</param>
    /// <param name="uri">The URI the settler is known by, if not <paramref name="baseUri"/>.</param>
    public SettlerHttpClient(Uri baseUri, string? uri = null, HttpClient? http = null)
    {
        _http = new SettlerHttp(baseUri, http, bearer: null);
        Uri = uri ?? baseUri.AbsoluteUri.TrimEnd('/');
    }

    public string Uri { get; }

    public async Task<PublicKey> GetPublicKeyAsync(CancellationToken cancellationToken)
    {
        if (_publicKey is not null) return _publicKey;
        var info = await _http.RequireAsync<SettlerInfoJson>(HttpMethod.Get, "v1/info", null, cancellationToken);
        try
        {
            return _publicKey = PublicKey.FromHex(info.PublicKey);
        }
        catch (CryptoException e)
        {
            throw new SettlerUnreachableException($"the settler at {_http.BaseUri} sent a bad public key: {e.Message}", e);
        }
    }

    public async Task<SignedRevocationList> GetRevocationListAsync(CancellationToken cancellationToken)
    {
        var json = await _http.RequireAsync<RevocationListJson>(HttpMethod.Get, "v1/revocation-list", null, cancellationToken);
        return Parse(() => SignedRevocationList.Parser.ParseFrom(Convert.FromBase64String(json.SignedRevocationList)));
    }

    public Task<SettlerResponse> CallAsync(SettlerRequest request, CancellationToken cancellationToken) => request switch
    {
        ReplyPaymentHashRequest => CallAsync<ReplyPaymentHashJson>("v1/reply-payment-hash", request, j => new ReplyPaymentHashIssued(Convert.FromHexString(j.ReplyPaymentHash)), cancellationToken),
        SettlementPromiseRequest => CallAsync<SettlementPromiseJson>("v1/settlement-promise", request, j => new SettlementPromiseIssued(
            SignedSettlementPromise.Parser.ParseFrom(Convert.FromBase64String(j.Promise)), Convert.FromBase64String(j.EncryptedReplyPayload), j.NetworkInvoice), cancellationToken),
        KeyRevealRequest => CallAsync<KeyRevealedJson>("v1/key-reveal", request, j => new KeyRevealed(Convert.FromHexString(j.NetworkPreimage)), cancellationToken),
        JobReportRequest => CallAsync<AcknowledgedJson>("v1/job-report", request, _ => new Acknowledged(), cancellationToken),
        PickupReportRequest => CallAsync<AcknowledgedJson>("v1/pickup-report", request, _ => new Acknowledged(), cancellationToken),
        DisputeStatementRequest => CallAsync<AcknowledgedJson>("v1/dispute-statement", request, _ => new Acknowledged(), cancellationToken),
        ReplyAcceptedRequest => CallAsync<PreimageJson>("v1/reply-accepted", request, j => new PreimagePublished(Convert.FromHexString(j.Preimage)), cancellationToken),
        OneTimeCertificatesRequest => OneTimeCertificatesAsync(request, cancellationToken),
        PreimageRequest p => AnswerAsync<PreimageJson>(HttpMethod.Get, $"v1/preimages/{Convert.ToHexStringLower(p.PaymentHash)}", null, j => new PreimagePublished(Convert.FromHexString(j.Preimage)), cancellationToken),
        _ => Task.FromResult<SettlerResponse>(new SettlerRefused(SettlerRefusal.BadRequest, $"no HTTP form for {request.GetType().Name}")),
    };

    public Task<SettlerResponse> ReportFundingAsync(string notice, CancellationToken cancellationToken) =>
        AnswerAsync<AcknowledgedJson>(HttpMethod.Post, "v1/funding-notice", new FundingNoticeJson(notice), _ => new Acknowledged(), cancellationToken);

    /// <summary>Registers <paramref name="subject"/>'s key with the settler's authority.</summary>
    public async Task RegisterAsync(SecretKey subject, long nowUnixMs, CancellationToken cancellationToken = default) =>
        await _http.RequireAsync<SubjectJson>(HttpMethod.Post, "v1/subjects", await ProofAsync(SubjectAction.Register, subject, nowUnixMs, cancellationToken), cancellationToken);

    /// <summary>The subject's certificate, carrying every property the operator has granted it.</summary>
    public async Task<SignedCertificate> RequestCertificateAsync(SecretKey subject, long nowUnixMs, CancellationToken cancellationToken = default)
    {
        var json = await _http.RequireAsync<CertificateJson>(HttpMethod.Post, "v1/certificates", await ProofAsync(SubjectAction.Certificate, subject, nowUnixMs, cancellationToken), cancellationToken);
        return Parse(() => SignedCertificate.Parser.ParseFrom(Convert.FromBase64String(json.Certificate)));
    }

    public void Dispose() => _http.Dispose();

    private async Task<SubjectProofJson> ProofAsync(SubjectAction action, SecretKey subject, long nowUnixMs, CancellationToken cancellationToken)
    {
        var proof = SubjectProof.Create(action, subject, await GetPublicKeyAsync(cancellationToken), nowUnixMs);
        return new SubjectProofJson(proof.Subject.ToHex(), proof.TimestampUnixMs, Convert.ToHexStringLower(proof.Signature));
    }

    /// <summary>
    /// A settler from before the one-time certificates endpoint answers 404 "no such endpoint": that is a refusal (the node
    /// signs with its network key and says so), not an outage to retry.
    /// </summary>
    private async Task<SettlerResponse> OneTimeCertificatesAsync(SettlerRequest request, CancellationToken cancellationToken)
    {
        var path = SettlerEndpoints.OneTimeCertificatesPath.TrimStart('/');
        var (value, status, problem) = await _http.SendAsync<OneTimeCertificatesJson>(HttpMethod.Post, path, SettlerWire.Write(request), cancellationToken);
        if (value is not null) return Parse(() => SettlerWire.Read(value));
        if (status == 404 && problem!.Error is "NotFound" or "Http404")
            return new SettlerRefused(SettlerRefusal.BadRequest, $"the settler at {_http.BaseUri} has no {SettlerEndpoints.OneTimeCertificatesPath} (a settler from before one-time certificates)");
        return Refusal(status, problem!);
    }

    private Task<SettlerResponse> CallAsync<T>(string path, SettlerRequest request, Func<T, SettlerResponse> read, CancellationToken cancellationToken) where T : class =>
        AnswerAsync(HttpMethod.Post, path, SettlerWire.Write(request), read, cancellationToken);

    private async Task<SettlerResponse> AnswerAsync<T>(HttpMethod method, string path, object? body, Func<T, SettlerResponse> read, CancellationToken cancellationToken) where T : class
    {
        var (value, status, problem) = await _http.SendAsync<T>(method, path, body, cancellationToken);
        return value is not null ? Parse(() => read(value)) : Refusal(status, problem!);
    }

    private SettlerRefused Refusal(int status, Problem problem)
    {
        if (Enum.TryParse<SettlerRefusal>(problem.Error, out var reason)) return new SettlerRefused(reason, problem.Message);
        if (status is 400 or 413) return new SettlerRefused(SettlerRefusal.BadRequest, problem.Message);
        throw new SettlerUnreachableException($"the settler at {_http.BaseUri} answered {status}: {problem.Message}");
    }

    private T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (Exception e) when (e is FormatException or Google.Protobuf.InvalidProtocolBufferException)
        {
            throw new SettlerUnreachableException($"the settler at {_http.BaseUri} answered malformed data: {e.Message}", e);
        }
    }
}
