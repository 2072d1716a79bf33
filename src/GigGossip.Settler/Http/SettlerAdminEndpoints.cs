using GigGossip.Wallet.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GigGossip.Settler.Http;

/// <summary>The operator's API, behind the admin token: list and approve subjects, grant properties (the outcome of KYC), issue and revoke certificates.</summary>
internal static class SettlerAdminEndpoints
{
    public static void Map(WebApplication app, SettlerSlot slot, AdminToken adminToken)
    {
        var admin = app.MapGroup("/v1/admin").AddEndpointFilter(async (context, next) =>
            adminToken.Refusal(context.HttpContext.Request) ?? await next(context));

        SettlerEndpoints.Body<GrantRequest, SubjectJson>(admin, "/grants", "Grant a property to a registered subject", async (json, ct) =>
            SettlerEndpoints.Subject(await slot.Require().GrantAsync(SettlerWire.Key(json.Subject, "subject"),
                HttpInput.Required(json.Property, "property"), json.Value is null ? [1] : HttpInput.Hex(json.Value, "value"), ct)));

        admin.MapGet("/subjects", async (CancellationToken ct) =>
            SettlerEndpoints.Json(new SubjectsJson([.. (await slot.Require().SubjectsAsync(ct)).Select(SettlerEndpoints.Subject)])))
            .Produces<SubjectsJson>().ProducesProblem(401).WithSummary("Every registered subject, its properties and whether it is approved");

        admin.MapPost("/subjects/{subject}/approve", async (string subject, CancellationToken ct) =>
            SettlerEndpoints.Json(SettlerEndpoints.Subject(await slot.Require().ApproveAsync(SettlerWire.Key(subject, "subject"), ct))))
            .Produces<SubjectJson>().ProducesProblem(400).ProducesProblem(401)
            .WithSummary("Approve a registered subject: under the approval registration policy it may then get its certificate");

        SettlerEndpoints.Body<IssueRequest, CertificateJson>(admin, "/certificates", "Issue a certificate to a registered subject", async (json, ct) =>
            SettlerEndpoints.Certificate(await slot.Require().IssueCertificateAsync(SettlerWire.Key(json.Subject, "subject"), ct)));

        SettlerEndpoints.Body<RevokeRequest, RevocationListJson>(admin, "/revocations", "Revoke a certificate by serial; answers the new revocation list", async (json, ct) =>
        {
            var host = slot.Require();
            await host.RevokeAsync(HttpInput.Hex(json.Serial, 16, "serial"), ct);
            return new RevocationListJson(SettlerWire.Base64(await host.GetRevocationListAsync(ct)));
        });
    }
}
