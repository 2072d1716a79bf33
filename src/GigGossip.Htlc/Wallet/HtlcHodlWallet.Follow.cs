namespace GigGossip.Htlc.Wallet;

/// <summary>A host's wallet follows the chain by itself: <see cref="SyncAsync"/> every few seconds until it is disposed.</summary>
public sealed partial class HtlcHodlWallet
{
    private readonly CancellationTokenSource _follow = new();
    private Task? _following;

    /// <summary>
    /// Starts syncing every <paramref name="interval"/> (the node and settler daemons poll their bitcoind like this);
    /// a failed sync is reported to <paramref name="onError"/> and tried again at the next tick. Stops at <see cref="Dispose"/>.
    /// </summary>
    public void FollowChain(TimeSpan interval, Action<Exception>? onError = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_following is not null) throw new InvalidOperationException("the wallet already follows the chain");
        _following = Task.Run(() => FollowAsync(interval, onError, _follow.Token));
    }

    private async Task FollowAsync(TimeSpan interval, Action<Exception>? onError, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await SyncAsync(cancellationToken);
                await Task.Delay(interval, cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (Exception e)
            {
                onError?.Invoke(e);
                try { await Task.Delay(interval, cancellationToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }

    private void StopFollowing()
    {
        _follow.Cancel();
        try { _following?.Wait(TimeSpan.FromSeconds(10)); }
        catch (AggregateException) { }
        _follow.Dispose();
    }
}
