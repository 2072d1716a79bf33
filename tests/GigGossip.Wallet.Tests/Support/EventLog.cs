using System.Threading.Channels;
using GigGossip.Payments;

namespace GigGossip.Wallet.Tests.Support;

/// <summary>Reads a wallet's event stream in the background so a test can wait for the next event.</summary>
internal sealed class EventLog : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<WalletEvent> _events = Channel.CreateUnbounded<WalletEvent>();
    private readonly Task _reader;

    public EventLog(IHodlWallet wallet)
    {
        var events = wallet.WatchAsync(_stop.Token);
        _reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in events) _events.Writer.TryWrite(e);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                _events.Writer.TryComplete();
            }
        });
    }

    public Task<WalletEvent> NextAsync() => _events.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().Within();

    public async Task<T> NextAsync<T>() where T : WalletEvent => Assert.IsType<T>(await NextAsync());

    /// <summary>Events already received and not yet read.</summary>
    public int Pending => _events.Reader.Count;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader.Within();
        _stop.Dispose();
    }
}
