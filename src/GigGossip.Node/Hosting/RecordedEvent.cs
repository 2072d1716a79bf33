using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Hosting;

/// <summary>An event the node told its app, numbered from 1 in the order it happened.</summary>
public sealed record RecordedEvent(long Sequence, DateTimeOffset At, NodeEvent Event);
