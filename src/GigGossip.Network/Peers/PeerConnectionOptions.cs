using GigGossip.Network.Noise;

namespace GigGossip.Network.Peers;

/// <summary>Queues, keepalive and clock of a <see cref="PeerConnection"/>.</summary>
public sealed record PeerConnectionOptions
{
    public static PeerConnectionOptions Default { get; } = new();

    /// <summary>The largest frame: a BOLT 8 message less the type byte.</summary>
    public const int MaxFrameLength = NoiseProtocol.MaxMessageLength - 1;

    /// <summary>The largest peer-records body (32 records of the longest address take about 12 KiB).</summary>
    public const int MaxPeerRecordsLength = 16 * 1024;

    /// <summary>Peer-exchange messages received but not yet read from <see cref="PeerConnection.Exchange"/>; more are dropped unread (a peer cannot queue work by flooding them).</summary>
    public int ExchangeQueueCapacity { get; init; } = 4;

    /// <summary>Frames waiting to be written to this peer; when full, senders wait (see <see cref="SendQueueFullTimeout"/>).</summary>
    public int SendQueueCapacity { get; init; } = 256;

    /// <summary>A sender that waits this long on a full send queue drops the peer (it is not reading, or the link is too slow).</summary>
    public TimeSpan SendQueueFullTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Frames received but not yet read from <see cref="PeerConnection.Frames"/>; when full, we stop reading the socket (TCP pushes back on the peer).</summary>
    public int ReceiveQueueCapacity { get; init; } = 256;

    /// <summary>
    /// Every interval a ping is sent; a peer from which nothing at all arrived during the interval after a
    /// ping is dropped. <see cref="Timeout.InfiniteTimeSpan"/> turns keepalive off (pings are still answered).
    /// </summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The clock for keepalive, send-queue timeouts and ping round trips.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
