using GigGossip.Hosting;
using System.Security.Cryptography;
using System.Text;
using GigGossip.Protocol.Crypto;
using Microsoft.AspNetCore.Http;

namespace GigGossip.Http;

/// <summary>
/// The operator's secret for a service's admin endpoints: 32 random bytes as hex in a file created owner-only
/// (0600) on first start and refused when others can read it. Sent as <c>Authorization: Bearer TOKEN</c>.
/// </summary>
public sealed class AdminToken
{
    private readonly byte[] _token;

    private AdminToken(string token)
    {
        Value = token;
        _token = Encoding.ASCII.GetBytes(token);
    }

    /// <summary>The token as sent by operators (hex).</summary>
    public string Value { get; }

    /// <summary>Reads the token file, creating it with a fresh token if it does not exist.</summary>
    /// <exception cref="KeyFileException">the file cannot be created or read, or others can access it.</exception>
    public static AdminToken LoadOrCreate(string path)
    {
        if (!File.Exists(path)) KeyFile.WriteSecret(path, RandomNumberGenerator.GetBytes(32));
        return new AdminToken(Convert.ToHexStringLower(KeyFile.ReadSecret(path)));
    }

    /// <summary>Reads an existing token file (operator commands).</summary>
    public static string Read(string path) => Convert.ToHexStringLower(KeyFile.ReadSecret(path));

    /// <summary>Null when the request carries this token; otherwise the 401 (none given) or 403 (wrong one) to answer.</summary>
    public IResult? Refusal(HttpRequest request)
    {
        if (BearerToken.Of(request) is not { } given)
            return ProblemMiddleware.Result(401, "Unauthorized", "this is an operator endpoint: send Authorization: Bearer <admin token>");
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(given), _token)
            ? null
            : ProblemMiddleware.Result(403, "Forbidden", "the admin token is wrong");
    }
}
