namespace GigGossip.Settler.Tests.Support;

/// <summary>
/// Tests on a fresh <see cref="SettlerWorld"/> that each end with the ledger balanced and the sum of all balances plus
/// held money unchanged, to the millisatoshi.
/// </summary>
public abstract class MoneyConservingSettlerTests : IAsyncLifetime
{
    private long _total;

    protected SettlerWorld World { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts the world the tests run in; override to wrap the settler's wallet or change its policy.</summary>
    protected virtual Task<SettlerWorld> StartWorldAsync() => SettlerWorld.StartAsync();

    public async ValueTask InitializeAsync()
    {
        World = await StartWorldAsync();
        _total = Money();
    }

    public async ValueTask DisposeAsync()
    {
        var audit = World.Ledger.Audit();
        Assert.True(audit.Balanced, string.Join("; ", audit.Problems));
        Assert.Equal(_total, Money());
        await World.DisposeAsync();
    }

    private long Money()
    {
        var totals = World.Ledger.Audit().Totals;
        return totals.AccountsMsat + totals.HeldMsat;
    }
}
