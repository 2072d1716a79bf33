namespace GigGossip.Htlc.Bitcoin;

/// <summary>A Bitcoin network, known here by the human-readable part of its segwit addresses.</summary>
public sealed class BitcoinNetwork
{
    public static readonly BitcoinNetwork Mainnet = new("mainnet", "bc");
    public static readonly BitcoinNetwork Testnet = new("testnet", "tb");
    public static readonly BitcoinNetwork Regtest = new("regtest", "bcrt");

    public static IReadOnlyList<BitcoinNetwork> All { get; } = [Mainnet, Testnet, Regtest];

    private BitcoinNetwork(string name, string bech32Hrp)
    {
        Name = name;
        Bech32Hrp = bech32Hrp;
    }

    public string Name { get; }

    /// <summary>The human-readable part of bech32 addresses: bc, tb or bcrt.</summary>
    public string Bech32Hrp { get; }

    /// <summary>The network named mainnet, testnet or regtest (also main, test, signet share testnet's tb).</summary>
    public static BitcoinNetwork Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "mainnet" or "main" => Mainnet,
        "testnet" or "test" or "signet" => Testnet,
        "regtest" => Regtest,
        _ => throw new BitcoinFormatException($"unknown network '{name}': use mainnet, testnet or regtest"),
    };

    public override string ToString() => Name;
}
