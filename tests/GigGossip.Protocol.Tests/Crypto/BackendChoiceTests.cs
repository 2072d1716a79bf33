using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Pow;

namespace GigGossip.Protocol.Tests.Crypto;

/// <summary>The host chooses the core's backends once, before first use; a later, different choice is refused, not half-applied.</summary>
public sealed class BackendChoiceTests
{
    [Fact]
    public void A_different_secp256k1_backend_after_first_use_is_refused()
    {
        _ = Secp256k1.Current;

        Assert.Throws<InvalidOperationException>(() => Secp256k1.Choose(Secp256k1Backend.Managed, "asked too late"));
        Assert.DoesNotContain("asked too late", Secp256k1.Choice);
    }

    [Fact]
    public void The_managed_pow_engine_after_another_engine_ran_is_refused()
    {
        Assert.SkipWhen(PowEngine.Current == PowEngine.Managed, "the managed engine runs already; nothing to refuse");

        Assert.Throws<InvalidOperationException>(() => PowEngine.ChooseManaged("asked too late"));
        Assert.NotEqual(PowEngine.Managed, PowEngine.Current);
    }
}
