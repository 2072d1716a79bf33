namespace GigGossip.Protocol.Bolt11;

/// <summary>The chain an invoice is payable on, named by the BIP173 currency prefix after "ln".</summary>
public enum Bolt11Network
{
    /// <summary>Bitcoin mainnet: <c>lnbc</c>.</summary>
    Bitcoin,

    /// <summary>Bitcoin testnet: <c>lntb</c>.</summary>
    Testnet,

    /// <summary>Bitcoin signet: <c>lntbs</c>.</summary>
    Signet,

    /// <summary>Bitcoin regtest: <c>lnbcrt</c>.</summary>
    Regtest,
}

/// <summary>The human-readable prefixes of <see cref="Bolt11Network"/>.</summary>
public static class Bolt11Networks
{
    /// <summary>The currency prefix without "ln": bc, tb, tbs or bcrt.</summary>
    public static string CurrencyPrefix(this Bolt11Network network) => network switch
    {
        Bolt11Network.Bitcoin => "bc",
        Bolt11Network.Testnet => "tb",
        Bolt11Network.Signet => "tbs",
        Bolt11Network.Regtest => "bcrt",
        _ => throw new ArgumentOutOfRangeException(nameof(network), network, "unknown network"),
    };

    /// <summary>The network whose currency prefix this is, or null.</summary>
    public static Bolt11Network? FromCurrencyPrefix(string currency) => currency switch
    {
        "bc" => Bolt11Network.Bitcoin,
        "tb" => Bolt11Network.Testnet,
        "tbs" => Bolt11Network.Signet,
        "bcrt" => Bolt11Network.Regtest,
        _ => null,
    };
}
