using GigGossip.Protocol.Settlement;

namespace GigGossip.Simulation;

/// <summary>A settler in the simulated network: its engine (with its certificate authority) and its account.</summary>
public sealed class SimSettler(SettlerEngine engine)
{
    public SettlerEngine Engine { get; } = engine;

    public SettlerAuthority Authority => Engine.Authority;

    public string Uri => Engine.Uri;

    public string Account => "settler:" + Engine.PublicKey.ToHex();

    public override string ToString() => Uri;
}
