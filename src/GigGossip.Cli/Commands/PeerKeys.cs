using GigGossip.Protocol.Crypto;

namespace GigGossip.Cli.Commands;

/// <summary>
/// Public keys on the command line in either form: 64 hex digits (x-only, what `keys show` and every command print)
/// or 66 (a 33-byte compressed key starting 02 or 03, as lnd prints). Both mean the same x-only key.
/// </summary>
internal static class PeerKeys
{
    public static PublicKey Parse(string text, string option)
    {
        var hex = text.Trim();
        try
        {
            if (hex.Length == 66 && (hex.StartsWith("02", StringComparison.Ordinal) || hex.StartsWith("03", StringComparison.Ordinal))) hex = hex[2..];
            if (hex.Length != 64) throw new CryptoException($"{hex.Length} hex digits");
            return PublicKey.FromHex(hex);
        }
        catch (CryptoException e)
        {
            throw new UsageException($"{option}: '{text}' is not a public key (64 hex digits x-only, or 66 starting 02/03): {e.Message}");
        }
    }
}
