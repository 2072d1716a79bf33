using GigGossip.Node.Control;
using GigGossip.Node.Hosting;
using GigGossip.Payments;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Tests;

/// <summary>A node of a <see cref="TestNetwork"/>: its options (to restart it), its current host and every effect it carried out.</summary>
internal sealed class TestNode(string name, NodeHostOptions options, long fundingMsat)
{
    public string Name { get; } = name;

    public NodeHostOptions Options { get; } = options;

    public NodeHost Host { get; set; } = null!;

    public long FundingMsat { get; } = fundingMsat;

    public IHodlWallet Wallet => Options.Wallet;

    public AsyncLog<EngineEffect> Effects { get; } = new();

    public NodeEventLog Events => Host.Events;

    public ControlClient Control() => new(Host.ControlUri!, Host.ControlToken!);

    public async Task<long> EarnedAsync() => await Wallet.GetBalanceAsync() - FundingMsat;

    /// <summary>Waits for the <paramref name="count"/>-th timer whose id starts with <paramref name="prefix"/>.</summary>
    public Task TimerSetAsync<TTimer>(int count = 1) where TTimer : Correlation =>
        Effects.WaitForAsync(e => e is SetNodeTimer { Timer: TTimer }, count);

    public override string ToString() => Name;
}
