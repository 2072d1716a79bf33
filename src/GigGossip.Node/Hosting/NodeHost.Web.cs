using GigGossip.Web;

namespace GigGossip.Node.Hosting;

/// <summary>The browser side of the host: its clock (sessions expire on it) and the browser sessions of its control API.</summary>
public sealed partial class NodeHost
{
    /// <summary>The host's clock.</summary>
    internal TimeProvider Time => _options.Time;

    /// <summary>The node's SQLite state file (browser sessions are kept there too).</summary>
    internal string StatePath => _options.StatePath;

    /// <summary>The browser sessions of the control API (null without one).</summary>
    public WebSessions? WebSessions => _control?.Web.Sessions;

    /// <summary>Pickup and destination cells of jobs this node took, remembered for the driver's app after the engine lets a job go.</summary>
    internal System.Collections.Concurrent.ConcurrentDictionary<string, (string From, string To)> WebPickupAreas { get; } = new();
}
