namespace GigGossip.Simulation;

/// <summary>
/// Something the <see cref="VirtualScheduler"/> runs at its time, as one object: the harness schedules one per frame and input,
/// and a lambda would be two (its closure and its delegate), with the closure often made on every call of the method.
/// </summary>
public abstract class ScheduledWork
{
    public abstract void Run();
}
