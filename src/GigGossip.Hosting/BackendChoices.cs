using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Pow;

namespace GigGossip.Hosting;

/// <summary>
/// The operator's choice of native or managed code for the protocol core, read from the environment at start:
/// <c>GIGGOSSIP_SECP256K1=managed|native</c> and <c>GIGGOSSIP_POW_ENGINE=managed</c>. Unset means the fastest that loads.
/// </summary>
public static class BackendChoices
{
    /// <summary>Forces a secp256k1 backend: <c>managed</c> or <c>native</c>.</summary>
    public const string Secp256k1Variable = "GIGGOSSIP_SECP256K1";

    /// <summary>Forces the managed proof-of-work engine: <c>managed</c>.</summary>
    public const string PowEngineVariable = "GIGGOSSIP_POW_ENGINE";

    /// <summary>Passes the environment's choices to the core; call once at start.</summary>
    public static void ApplyFromEnvironment() => Apply(Environment.GetEnvironmentVariable);

    /// <summary>Passes the choices <paramref name="variable"/> names to the core.</summary>
    public static void Apply(Func<string, string?> variable)
    {
        switch (variable(Secp256k1Variable))
        {
            case "managed": Secp256k1.Choose(Secp256k1Backend.Managed, $"forced by {Secp256k1Variable}=managed"); break;
            case "native": Secp256k1.Choose(Secp256k1Backend.Native, $"{Secp256k1Variable}=native"); break;
        }
        if (variable(PowEngineVariable) is "managed") PowEngine.ChooseManaged($"forced by {PowEngineVariable}=managed");
    }
}
