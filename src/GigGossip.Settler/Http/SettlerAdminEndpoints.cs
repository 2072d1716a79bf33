using GigGossip.Protocol.Engine;
using GigGossip.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GigGossip.Settler.Http;

/// <summary>The operator's API, behind the admin token: list and approve subjects, grant properties (the outcome of KYC), issue and revoke certificates, decide disputes.</summary>
internal static class SettlerAdminEndpoints
{
    public static void Map(WebApplication app, SettlerSlot slot, AdminToken adminToken, GigGossip.Web.WebAccess? console = null)
    {
        var admin = app.MapGroup("/v1/admin").AddEndpointFilter(async (context, next) =>
            SettlerConsole.Refusal(context.HttpContext.Request, adminToken, console) ?? await next(context));

        SettlerEndpoints.Body<GrantRequest, SubjectJson>(admin, "/grants", "Grant a property to a registered subject", async (json, ct) =>
            SettlerEndpoints.Subject(await slot.Require().GrantAsync(SettlerWire.Key(json.Subject, "subject"),
                HttpInput.Required(json.Property, "property"), json.Value is null ? [1] : HttpInput.Hex(json.Value, "value"), ct)));

        admin.MapGet("/subjects", async (CancellationToken ct) =>
            SettlerEndpoints.Json(new SubjectsJson([.. (await slot.Require().SubjectsAsync(ct)).Select(SettlerEndpoints.Subject)])))
            .Produces<SubjectsJson>().ProducesError(401).WithSummary("Every registered subject, its properties and whether it is approved");

        admin.MapPost("/subjects/{subject}/approve", async (string subject, CancellationToken ct) =>
            SettlerEndpoints.Json(SettlerEndpoints.Subject(await slot.Require().ApproveAsync(SettlerWire.Key(subject, "subject"), ct))))
            .Produces<SubjectJson>().ProducesError(400).ProducesError(401)
            .WithSummary("Approve a registered subject: under the approval registration policy it may then get its certificate");

        SettlerEndpoints.Body<IssueRequest, CertificateJson>(admin, "/certificates", "Issue a certificate to a registered subject", async (json, ct) =>
            SettlerEndpoints.Certificate(await slot.Require().IssueCertificateAsync(SettlerWire.Key(json.Subject, "subject"), ct)));

        SettlerEndpoints.Body<RevokeRequest, RevocationListJson>(admin, "/revocations", "Revoke a certificate by serial; answers the new revocation list", async (json, ct) =>
        {
            var host = slot.Require();
            await host.RevokeAsync(HttpInput.Hex(json.Serial, 16, "serial"), ct);
            return new RevocationListJson(SettlerWire.Base64(await host.GetRevocationListAsync(ct)));
        });

        admin.MapGet("/disputes", async (CancellationToken ct) =>
            SettlerEndpoints.Json(new DisputeListJson([.. (await slot.Require().DisputesAsync(ct)).Select(DisputeJson.From)])))
            .Produces<DisputeListJson>().ProducesError(401).WithSummary("Every job disputed after its key reveal, open or decided, newest first");

        admin.MapGet("/disputes/{networkPaymentHash}", async (string networkPaymentHash, CancellationToken ct) =>
            await slot.Require().DisputeAsync(HttpInput.Hex(networkPaymentHash, 32, "networkPaymentHash"), ct) is { } dispute
                ? SettlerEndpoints.Json(DisputeJson.From(dispute))
                : ProblemMiddleware.Result(404, "Unknown", "no dispute with that network payment hash"))
            .Produces<DisputeJson>().ProducesError(401).ProducesError(404).WithSummary("One dispute: both statements, the pickup proof, the holds and the default");

        admin.MapPost("/disputes/{networkPaymentHash}/decide", async (string networkPaymentHash, HttpRequest request, CancellationToken ct) =>
        {
            var hash = HttpInput.Hex(networkPaymentHash, 32, "networkPaymentHash");
            var json = await HttpInput.ReadJsonAsync<DecideRequest>(request, ct);
            var settle = json.Decision switch
            {
                "settle" => true,
                "refund" => false,
                _ => throw new HttpInputException("field 'decision' must be \"settle\" or \"refund\""),
            };
            var host = slot.Require();
            var answer = await host.DecideAsync(hash, settle, ct);
            if (answer is SettlerRefused) return SettlerEndpoints.Answer(answer);
            return SettlerEndpoints.Json(DisputeJson.From((await host.DisputeAsync(hash, ct))!));
        }).Accepts<DecideRequest>("application/json").Produces<DisputeJson>().ProducesError(400).ProducesError(401).ProducesError(404).ProducesError(409)
            .WithSummary("Decide an open dispute: settle (the driver is paid) or refund (the sender gets the money back)");

        SettlerJobsEndpoint.Map(admin, slot);
    }
}
