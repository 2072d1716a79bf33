namespace GigGossip.Lnd.Rest;

/// <summary>
/// LND answered with an error: an HTTP status and the gRPC status body <c>{"code":..,"message":..}</c> of its REST
/// gateway (a bad macaroon is HTTP 500 with code 2, not 401), or an <c>{"error":..}</c> line in a stream.
/// </summary>
public sealed class LndApiException(int httpStatus, int code, string lndMessage)
    : Exception($"lnd refused (HTTP {httpStatus}, code {code}): {lndMessage}")
{
    public int HttpStatus { get; } = httpStatus;

    /// <summary>The gRPC status code (2 unknown, 3 invalid argument, 5 not found, 6 already exists, 16 unauthenticated...).</summary>
    public int Code { get; } = code;

    public string LndMessage { get; } = lndMessage;

    public const int NotFound = 5;
    public const int AlreadyExists = 6;
}

/// <summary>LND could not be reached, the connection broke, or it answered something that is not its API.</summary>
public sealed class LndUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
