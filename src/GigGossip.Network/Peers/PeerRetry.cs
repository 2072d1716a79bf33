using GigGossip.Network.Tcp;
namespace GigGossip.Network.Peers;

/// <summary>An outbound peer could not be reached or was lost; the next attempt is at <c>At + Delay</c>.</summary>
/// <param name="ConsecutiveFailures">1 after a drop of an established connection, growing while attempts fail.</param>
/// <param name="Reason">A <see cref="Noise.TransportException"/> or <see cref="Noise.HandshakeException"/>.</param>
public sealed record PeerRetry(PeerAddress Address, int ConsecutiveFailures, Exception Reason, TimeSpan Delay, DateTimeOffset At);
