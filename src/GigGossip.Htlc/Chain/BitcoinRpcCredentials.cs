using System.Text;

namespace GigGossip.Htlc.Chain;

/// <summary>HTTP basic credentials for Bitcoin Core's RPC: rpcuser/rpcpassword or the datadir's .cookie file.</summary>
public sealed class BitcoinRpcCredentials
{
    private BitcoinRpcCredentials(string user, string password)
    {
        User = user;
        Password = password;
    }

    public string User { get; }

    public string Password { get; }

    public string BasicAuthorization => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{Password}"));

    public static BitcoinRpcCredentials FromUserPassword(string user, string password)
    {
        if (string.IsNullOrEmpty(user)) throw new ChainSourceException(ChainSourceError.Unauthorized, "RPC user is empty");
        if (user.Contains(':')) throw new ChainSourceException(ChainSourceError.Unauthorized, "RPC user cannot contain ':'");
        return new BitcoinRpcCredentials(user, password);
    }

    /// <summary>Reads "user:password" from a cookie file (bitcoind writes DATADIR/[network/].cookie while it runs).</summary>
    public static BitcoinRpcCredentials FromCookieFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ChainSourceException(ChainSourceError.Unauthorized,
                $"cannot read RPC cookie file {path} ({e.Message}): is bitcoind running with that datadir and network?", inner: e);
        }
        var separator = text.IndexOf(':');
        if (separator <= 0) throw new ChainSourceException(ChainSourceError.Unauthorized, $"RPC cookie file {path} is not 'user:password'");
        return new BitcoinRpcCredentials(text[..separator], text[(separator + 1)..]);
    }
}
