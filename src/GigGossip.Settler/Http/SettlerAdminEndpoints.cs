using GigGossip.Wallet.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GigGossip.Settler.Http;

/// <summary>The operator's API, behind the admin token: grant properties (the outcome of KYC), issue and revoke certificates.</summary>
internal static class SettlerAdminEndpoints
{
    public static void Map(WebApplication app, SettlerSlot slot, AdminToken adminToken, GigGossip.Web.WebAccess? console = null)
    {
        var admin = app.MapGroup("/v1/admin").AddEndpointFilter(async (context, next) =>
            SettlerConsole.Refusal(context.HttpContext.Request, adminToken, console) ?? await next(context));

        SettlerEndpoints.Body<GrantRequest, SubjectJson>(admin, "/grants", "Grant a property to a registered subject", async (json, ct) =>
            SettlerEndpoints.Subject(await slot.Require().GrantAsync(SettlerWire.Key(json.Subject, "subject"),
                HttpInput.Required(json.Property, "property"), json.Value is null ? [1] : HttpInput.Hex(json.Value, "value"), ct)));

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
