namespace GigGossip.Node.Config;

/// <summary>
/// The fields a "wallet" section holds as written, shared by the node config and the settler config: the kind, the
/// wallet service's <c>url</c>, an LND node's <c>restUrl</c>, <c>macaroonFile</c> and <c>tlsCertFile</c>, and an
/// on-chain HTLC wallet's <see cref="HtlcWalletFields"/>. Each config checks which fields its kinds allow; the LND and
/// HTLC fields are read here once for both.
/// </summary>
public class WalletSectionFields
{
    public string? Kind { get; set; }
    public string? Url { get; set; }
    public string? RestUrl { get; set; }
    public string? MacaroonFile { get; set; }
    public string? TlsCertFile { get; set; }
    public string? RpcUrl { get; set; }
    public string? RpcUser { get; set; }
    public string? RpcPassword { get; set; }
    public string? RpcCookieFile { get; set; }
    public string? WalletFile { get; set; }
    public string? Network { get; set; }
    public int? Confirmations { get; set; }
    public int? PollMilliseconds { get; set; }

    public HtlcWalletFields Htlc => new(RpcUrl, RpcUser, RpcPassword, RpcCookieFile, WalletFile, Network, Confirmations, PollMilliseconds);

    /// <summary>Whether any of an LND wallet's fields is set.</summary>
    public bool AnyLnd => RestUrl is not null || MacaroonFile is not null || TlsCertFile is not null;

    /// <summary>
    /// An LND wallet's fields checked: <c>restUrl</c> an https URL without query or fragment, both files present.
    /// <paramref name="prefix"/> names the section in messages, <paramref name="resolve"/> makes paths relative to the
    /// config file absolute; a problem is a <see cref="ConfigException"/> naming the field.
    /// </summary>
    public LndWalletConfig ReadLnd(string prefix, Func<string, string> resolve)
    {
        var text = Required(RestUrl, prefix + ".restUrl");
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps || url.Query.Length > 0 || url.Fragment.Length > 0)
            throw new ConfigException(prefix + ".restUrl", $"'{text}' is not LND's REST address as an https URL (e.g. https://127.0.0.1:8080)");
        return new LndWalletConfig(new Uri(url.GetLeftPart(UriPartial.Path).TrimEnd('/')),
            ExistingFile(MacaroonFile, prefix + ".macaroonFile", resolve), ExistingFile(TlsCertFile, prefix + ".tlsCertFile", resolve));
    }

    private static string ExistingFile(string? value, string field, Func<string, string> resolve)
    {
        var path = resolve(Required(value, field));
        return File.Exists(path) ? path : throw new ConfigException(field, $"{path} does not exist");
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new ConfigException(field, "is required") : value;
}
