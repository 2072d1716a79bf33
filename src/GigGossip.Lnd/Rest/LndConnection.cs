using System.Security.Cryptography.X509Certificates;

namespace GigGossip.Lnd.Rest;

/// <summary>Where LND's REST API is and how to prove the right to use it: a hex macaroon and LND's own tls.cert, pinned.</summary>
public sealed record LndConnection(Uri RestUrl, string MacaroonHex, X509Certificate2 TlsCertificate)
{
    /// <summary>Reads the macaroon file (binary, sent hex-encoded) and the PEM tls.cert, with a one-line error naming the file at fault.</summary>
    public static LndConnection FromFiles(string restUrl, string macaroonFile, string tlsCertFile)
    {
        var url = ParseUrl(restUrl);
        byte[] macaroon;
        try
        {
            macaroon = File.ReadAllBytes(macaroonFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new LndConfigException($"cannot read the macaroon file {macaroonFile}: {e.Message}");
        }
        if (macaroon.Length == 0) throw new LndConfigException($"the macaroon file {macaroonFile} is empty");
        return new LndConnection(url, Convert.ToHexStringLower(macaroon), ReadCertificate(tlsCertFile));
    }

    /// <summary>An absolute https URL; a trailing slash is dropped (LND answers 404 to <c>//v1/...</c>).</summary>
    public static Uri ParseUrl(string restUrl)
    {
        if (!Uri.TryCreate(restUrl?.Trim(), UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
            throw new LndConfigException($"restUrl must be an absolute https URL such as https://127.0.0.1:8080, got '{restUrl}'");
        if (url.Query.Length > 0 || url.Fragment.Length > 0) throw new LndConfigException($"restUrl must not carry a query or fragment: '{restUrl}'");
        return new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/'));
    }

    public static X509Certificate2 ReadCertificate(string tlsCertFile)
    {
        try
        {
            return X509Certificate2.CreateFromPem(File.ReadAllText(tlsCertFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException
                                      or System.Security.Cryptography.CryptographicException)
        {
            throw new LndConfigException($"cannot read LND's TLS certificate {tlsCertFile} (a PEM tls.cert): {e.Message}");
        }
    }

    /// <summary>The macaroon as LND's gateway reads it: hex, checked here so a wrong file fails at start, not at the first call.</summary>
    public static string RequireHexMacaroon(string macaroonHex)
    {
        var trimmed = macaroonHex.Trim();
        if (trimmed.Length == 0 || trimmed.Length % 2 != 0 || !trimmed.All(Uri.IsHexDigit))
            throw new LndConfigException("the macaroon must be hex-encoded bytes");
        return trimmed.ToLowerInvariant();
    }
}

/// <summary>An LND connection setting is wrong: the message says which and why, in one line.</summary>
public sealed class LndConfigException(string message) : Exception(message);
