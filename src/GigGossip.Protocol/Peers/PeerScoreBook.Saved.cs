using System.Text.Json.Serialization;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Peers;

/// <summary>Scores a node keeps across restarts (its state file), so a restart washes no bad record away either.</summary>
public sealed partial class PeerScoreBook
{
    /// <summary>Every peer's counters, decayed to <paramref name="nowUnixMs"/>; connected peers are saved as disconnected now.</summary>
    public IReadOnlyList<SavedPeerScore> Export(long nowUnixMs) =>
        _peers.Select(p =>
        {
            var c = Decayed(p.Value, nowUnixMs);
            return new SavedPeerScore(p.Key, c.FirstDeliveries, c.RoutedReplies, c.SettledFeesSat, c.InvalidFrames, c.AskTimeouts, c.Asks,
                c.DecayedAtUnixMs, c.Connected ? nowUnixMs : c.DisconnectedAtUnixMs, c.Misses);
        }).ToList();

    /// <summary>
    /// Puts back saved scores of peers this book does not know yet, as disconnected (the retention counts from when they were).
    /// Their delivery misses come back too, but not their place in the mesh: like a reconnected peer, one must deliver again
    /// before it gathers new misses.
    /// </summary>
    public void Import(IEnumerable<SavedPeerScore> saved)
    {
        foreach (var s in saved)
        {
            if (_peers.ContainsKey(s.Peer)) continue;
            _peers[s.Peer] = new Counters
            {
                FirstDeliveries = Math.Min(_params.FirstDeliveryCap, Math.Max(0, s.FirstDeliveries)),
                RoutedReplies = Math.Min(_params.RoutedReplyCap, Math.Max(0, s.RoutedReplies)),
                SettledFeesSat = Math.Min(_params.SettledFeeCapSat, Math.Max(0, s.SettledFeesSat)),
                InvalidFrames = Math.Max(0, s.InvalidFrames),
                AskTimeouts = Math.Max(0, s.AskTimeouts),
                Asks = Math.Max(0, s.Asks),
                Misses = Math.Max(0, s.Misses),
                DecayedAtUnixMs = s.DecayedAtUnixMs,
                DisconnectedAtUnixMs = s.DisconnectedAtUnixMs,
            };
        }
    }
}

/// <summary>
/// One peer's score counters as saved (raw counts, before weights). <see cref="Misses"/> (the delivery deficit's count) came
/// later: the node's state file keeps it in a column of its own, so it is left out of the row's JSON.
/// </summary>
public sealed record SavedPeerScore(PublicKey Peer, double FirstDeliveries, double RoutedReplies, double SettledFeesSat, double InvalidFrames, double AskTimeouts, double Asks, long DecayedAtUnixMs, long DisconnectedAtUnixMs,
    [property: JsonIgnore] double Misses = 0);
