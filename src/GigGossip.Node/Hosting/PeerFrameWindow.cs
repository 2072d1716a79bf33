namespace GigGossip.Node.Hosting;

/// <summary>
/// One connection's frames between its reader and the mailbox: how many may wait for the engine, how many the engine
/// refused through the peer's fault (counted on the mailbox only), and why the peer is dropped once it is.
/// </summary>
internal sealed class PeerFrameWindow(int framesInFlight, CancellationTokenSource reading)
{
    private volatile string? _dropReason;

    public SemaphoreSlim Slots { get; } = new(framesInFlight, framesInFlight);

    public int Rejected { get; set; }

    public string? DropReason => _dropReason;

    /// <summary>Marks the peer dropped and stops its reader (the frames already queued are skipped).</summary>
    public void Drop(string reason)
    {
        _dropReason = reason;
        try
        {
            _ = reading.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
