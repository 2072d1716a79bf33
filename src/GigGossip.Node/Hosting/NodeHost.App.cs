namespace GigGossip.Node.Hosting;

/// <summary>What the app and the control API read from the host besides the engine.</summary>
public sealed partial class NodeHost
{
    /// <summary>The node's clock now, in Unix milliseconds.</summary>
    public long NowUnixMs => NowMs;

    /// <summary>The most precise geohash the node's peers accept by its policy (a request above it would be refused).</summary>
    public int MaxGeohashPrecision => _options.Policy.Topics.MaxGeohashPrecision;

    /// <summary>The settler this node works through as a replier, if any.</summary>
    public string? WorkSettlerUri => _options.WorkSettlerUri;
}
