using GigGossip.Protocol.Engine;
using Microsoft.Extensions.Logging;

namespace GigGossip.Node.Hosting;

/// <summary>How the node writes its events to the log: warnings that can repeat without end are throttled per kind.</summary>
public sealed partial class NodeHost
{
    /// <summary>Lines per kind of repeatable warning per minute; the rest are counted.</summary>
    public const int RepeatedWarningsPerMinute = 5;

    private readonly LogThrottle _warnings = new(RepeatedWarningsPerMinute, TimeSpan.FromMinutes(1));

    private void LogEvent(NodeEvent nodeEvent)
    {
        var repeatable = nodeEvent is InboundHandshakeFailed or PeerMisbehaved or PeerDropped or PeerRedialling { WrongKey: true };
        var level = repeatable || nodeEvent is NodeWarning ? LogLevel.Warning : LogLevel.Information;
        var suppressed = 0;
        if (repeatable && !_warnings.Allow(nodeEvent.GetType().Name, _time.GetUtcNow(), out suppressed)) return;
        var text = EventText.Describe(nodeEvent);
        if (suppressed > 0) text += $" ({suppressed} more like it not logged)";
        _log.Log(level, "node {Id}: {Event}", Id.ToHex()[..8], text);
    }
}
