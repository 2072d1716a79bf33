using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GigGossip.Http;

/// <summary>OpenAPI metadata for refusals as the services send them: a <see cref="Problem"/> (error, message), not RFC 7807 ProblemDetails.</summary>
public static class ProblemResponses
{
    public static RouteHandlerBuilder ProducesError(this RouteHandlerBuilder builder, int status) =>
        builder.Produces<Problem>(status, "application/problem+json");
}
