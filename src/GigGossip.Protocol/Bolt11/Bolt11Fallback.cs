namespace GigGossip.Protocol.Bolt11;

/// <summary>
/// An on-chain fallback address (field <c>f</c>): a witness version 0-16 with its program, 17 with a
/// P2PKH hash or 18 with a P2SH hash. Fields with versions 19-31 are skipped, as BOLT 11 asks.
/// </summary>
public sealed record Bolt11Fallback(int Version, byte[] Program)
{
    public const int P2pkhVersion = 17;
    public const int P2shVersion = 18;

    public override string ToString() => $"{Version}:{Convert.ToHexStringLower(Program)}";
}
