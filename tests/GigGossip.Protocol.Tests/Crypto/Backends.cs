using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Tests.Crypto;

/// <summary>Both secp256k1 backends; the native one is null (and its tests skip) where libsecp256k1 is not installed.</summary>
internal static class Backends
{
    private static readonly Lazy<(NativeSecp256k1? Backend, string Reason)> NativeLoad = new(() => (NativeSecp256k1.TryLoad(out var reason), reason));

    public static ManagedSecp256k1 Managed { get; } = new();

    public static ISecp256k1 Get(string name)
    {
        if (name == "managed") return Managed;
        var (native, reason) = NativeLoad.Value;
        Assert.SkipWhen(native is null, $"native backend unavailable: {reason}");
        return native!;
    }

    public static NativeSecp256k1 Native => (NativeSecp256k1)Get("native");

    public static TheoryData<string> Names => ["managed", "native"];
}
