using Microsoft.AspNetCore.Http;

namespace GigGossip.Http;

/// <summary>The token of an <c>Authorization: Bearer TOKEN</c> header, or null.</summary>
public static class BearerToken
{
    public static string? Of(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length ? header[scheme.Length..].Trim() : null;
    }
}
