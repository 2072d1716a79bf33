using System.Threading.RateLimiting;
using GigGossip.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace GigGossip.Settler.Http;

/// <summary>
/// How many unauthenticated calls (reply hashes, promises, registrations, certificates) one client, a remote
/// address, may make: a token bucket of <see cref="Burst"/> calls refilled with <see cref="PerMinute"/> a minute.
/// A client past it gets 429 with Retry-After; other clients are served as before.
/// </summary>
public sealed record SettlerClientLimits
{
    public const string PolicyName = "per-client";

    /// <summary>No practical limit: for a load generator that is one client on purpose.</summary>
    public static SettlerClientLimits Unlimited { get; } = new() { Burst = 1_000_000, PerMinute = 60_000_000 };

    public int Burst { get; init; } = 120;

    public int PerMinute { get; init; } = 600;

    internal void AddTo(IServiceCollection services) => services.AddRateLimiter(limiter =>
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.OnRejected = async (context, ct) =>
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            response.ContentType = "application/problem+json";
            response.Headers.RetryAfter = Math.Max(1, 60 / Math.Max(1, PerMinute)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await System.Text.Json.JsonSerializer.SerializeAsync(response.Body,
                new Problem("TooManyRequests", "this client is over its limit of unauthenticated calls; slow down"), ServiceJson.Options, ct);
        };
        limiter.AddPolicy(PolicyName, context => RateLimitPartition.GetTokenBucketLimiter(ClientOf(context), _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = Burst,
            TokensPerPeriod = Math.Max(1, PerMinute / 60),
            ReplenishmentPeriod = PerMinute >= 60 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1.0 / Math.Max(1, PerMinute)),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    });

    /// <summary>The remote address, IPv4-mapped IPv6 as IPv4.</summary>
    internal static string ClientOf(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString() : "unknown";
}
