namespace GigGossip.Simulation;

/// <summary>The peer graphs the simulator builds.</summary>
public enum TopologyKind
{
    RandomRegular,
    SmallWorld,
    ScaleFree,
    Torus,
    Random,
}
