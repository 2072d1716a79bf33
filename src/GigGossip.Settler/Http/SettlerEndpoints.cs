using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Settlement;
using GigGossip.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GigGossip.Settler.Http;

/// <summary>
/// The settler's public API. Protocol calls are authenticated by what they carry (the signed request and
/// certificates, the sender's signature on key reveals and job reports), never by a token; subjects prove their
/// key with a <see cref="SubjectProof"/>. Refusals are problems whose <c>error</c> is the <see cref="SettlerRefusal"/>.
/// </summary>
internal static class SettlerEndpoints
{
    public const string OneTimeCertificatesPath = "/v1/one-time-certificates";

    public static void Map(WebApplication app, SettlerSlot slot)
    {
        app.MapGet("/v1/info", () =>
        {
            var host = slot.Require();
            return Json(new SettlerInfoJson(host.Uri, host.PublicKey.ToHex()));
        }).Produces<SettlerInfoJson>().WithSummary("The settler's URI and public key");

        app.MapGet("/v1/revocation-list", async (CancellationToken ct) =>
            Json(new RevocationListJson(SettlerWire.Base64(await slot.Require().GetRevocationListAsync(ct)))))
            .Produces<RevocationListJson>().WithSummary("The signed revocation list (base64 SignedRevocationList)");

        Body<SubjectProofJson, SubjectJson>(app, "/v1/subjects", "Register a subject with a proof of its key", async (json, ct) =>
            Subject(await slot.Require().RegisterAsync(SettlerWire.Read(json, SubjectAction.Register), ct))).PerClient();

        Body<SubjectProofJson, CertificateJson>(app, "/v1/certificates", "A registered subject gets its certificate (with a proof of its key)", async (json, ct) =>
            Certificate(await slot.Require().RequestCertificateAsync(SettlerWire.Read(json, SubjectAction.Certificate), ct))).PerClient();

        Call<OneTimeCertificatesRequestJson, OneTimeCertificatesJson>(app, slot, OneTimeCertificatesPath,
            "A certified node asks for one-time certificates for keys it drew (signed with its own certificate's key)", SettlerWire.Read).PerClient();
        Call<ReplyPaymentHashRequestJson, ReplyPaymentHashJson>(app, slot, "/v1/reply-payment-hash", "A replier asks for its reply invoice's payment hash", SettlerWire.Read).PerClient();
        Call<SettlementPromiseRequestJson, SettlementPromiseJson>(app, slot, "/v1/settlement-promise", "A replier asks for a SettlementPromise and the network invoice", SettlerWire.Read).PerClient();
        Call<KeyRevealRequestJson, KeyRevealedJson>(app, slot, "/v1/key-reveal", "The sender asks for the network preimage once both invoices are Accepted", SettlerWire.Read);
        Call<JobReportRequestJson, AcknowledgedJson>(app, slot, "/v1/job-report",
            "The sender reports the job Done (settle) or Disputed (cancel before the key reveal, freeze for a decision after it)", SettlerWire.Read);
        Call<PickupReportRequestJson, AcknowledgedJson>(app, slot, "/v1/pickup-report", "The driver reports the rider's pickup code (proof of service)", SettlerWire.Read);
        Call<DisputeStatementRequestJson, AcknowledgedJson>(app, slot, "/v1/dispute-statement", "The sender or the driver of a disputed job says what happened", SettlerWire.Read);

        app.MapGet("/v1/preimages/{paymentHash}", async (string paymentHash, CancellationToken ct) =>
            Answer(await slot.Require().CallAsync(new PreimageRequest(HttpInput.Hex(paymentHash, 32, "paymentHash")), ct)))
            .Produces<PreimageJson>().ProducesError(404).ProducesError(409).WithSummary("A preimage, once its job is settled");

        Call<ReplyAcceptedRequestJson, PreimageJson>(app, slot, "/v1/reply-accepted",
            "The replier states, signed, that its own wallet holds its reply invoice Accepted; answered with the reply preimage once its job is settled", SettlerWire.Read);
    }

    /// <summary>Unauthenticated calls that make records: limited per client (<see cref="SettlerClientLimits"/>).</summary>
    private static RouteHandlerBuilder PerClient(this RouteHandlerBuilder builder) =>
        builder.RequireRateLimiting(SettlerClientLimits.PolicyName).ProducesError(429);

    private static RouteHandlerBuilder Call<TRequest, TResponse>(WebApplication app, SettlerSlot slot, string path, string summary, Func<TRequest, SettlerRequest> read)
        where TRequest : class =>
        app.MapPost(path, async (HttpRequest request, CancellationToken ct) =>
            Answer(await slot.Require().CallAsync(read(await HttpInput.ReadJsonAsync<TRequest>(request, ct)), ct)))
            .Accepts<TRequest>("application/json").Produces<TResponse>().ProducesError(400).ProducesError(403).ProducesError(404)
            .ProducesError(409).ProducesError(410).WithSummary(summary);

    internal static RouteHandlerBuilder Body<TRequest, TResponse>(IEndpointRouteBuilder app, string path, string summary, Func<TRequest, CancellationToken, Task<TResponse>> handle)
        where TRequest : class =>
        app.MapPost(path, async (HttpRequest request, CancellationToken ct) => Json(await handle(await HttpInput.ReadJsonAsync<TRequest>(request, ct), ct)))
            .Accepts<TRequest>("application/json").Produces<TResponse>().ProducesError(400).ProducesError(401).WithSummary(summary);

    internal static IResult Answer(SettlerResponse response) => response is SettlerRefused refused
        ? ProblemMiddleware.Result(SettlerWire.StatusOf(refused.Reason), refused.Reason.ToString(), HttpInput.OneLine(refused.Message))
        : Json(SettlerWire.Write(response));

    internal static SubjectJson Subject(SettlerSubjectRecord record) =>
        new(record.Subject.ToHex(), record.Properties.ToDictionary(p => p.Key, p => Convert.ToHexStringLower(p.Value)), record.Approved);

    internal static CertificateJson Certificate(Protocol.Frames.SignedCertificate signed) =>
        new(SettlerWire.Base64(signed), Convert.ToHexStringLower(Protocol.Frames.FrameReader.ReadCertificate(signed).Serial.Span));

    internal static IResult Json(object? value) => Results.Json(value, ServiceJson.Options, contentType: null, statusCode: null);
}
