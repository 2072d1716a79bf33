using GigGossip.Protocol.Engine;

namespace GigGossip.Simulation.Scenarios;

/// <summary>The attacks that act over time: spam and DDoS streams, the covert flash's moment.</summary>
public sealed partial class SimulationRun
{
    /// <summary>Covert flash: the attackers turn when half the honest requests are out.</summary>
    private long FlashAtUnixMs => _firstRequestAtUnixMs + _options.Requests / 2 * _options.RequestIntervalMs;

    private void ScheduleAttack()
    {
        if (_options.Attack is not (AttackKind.Spam or AttackKind.Ddos)) return;
        var until = _firstRequestAtUnixMs + (_options.Requests - 1) * _options.RequestIntervalMs + _options.ReplyDeadlineMs;
        var intervalMs = Math.Max(1, (long)Math.Round(1_000 / _options.AttackRatePerSecond));
        foreach (var attacker in Attackers)
        {
            var offset = _net.Random.NextInt64(intervalMs);
            _net.Scheduler.At(_firstRequestAtUnixMs + offset, () => Attack(attacker, intervalMs, until));
        }
    }

    /// <summary>
    /// One tick of an attacker's stream: a spammer sends its next fake request once its solver is free
    /// (proof of work bounds its rate); a DDoS attacker sends one every tick, since it never does the work.
    /// </summary>
    private void Attack(SimNode attacker, long intervalMs, long untilUnixMs)
    {
        if (_net.Now > untilUnixMs) return;
        if (_options.Attack == AttackKind.Ddos || attacker.PowBusyUntil <= _net.Now)
            _net.Do(attacker, new BroadcastTopic(SydneyTopics.Ride(_net.Now), _net.Now + _options.ReplyDeadlineMs));
        _net.Scheduler.After(intervalMs, () => Attack(attacker, intervalMs, untilUnixMs));
    }
}
