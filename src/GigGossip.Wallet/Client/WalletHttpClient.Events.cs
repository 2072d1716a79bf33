using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using GigGossip.Payments;
using GigGossip.Http;
using GigGossip.Wallet.Http;

namespace GigGossip.Wallet.Client;

/// <summary>The account's events over server-sent events (GET /v1/events).</summary>
public sealed partial class WalletHttpClient
{
    /// <summary>
    /// Opens the event stream now (every later call on this client waits until it is live) and yields every
    /// change of the account's invoices, payments and watched invoices until the token is cancelled. Throws
    /// <see cref="WalletException"/> (<see cref="WalletError.Unreachable"/>) when the stream breaks: open a new one.
    /// </summary>
    public IAsyncEnumerable<WalletEvent> WatchAsync(CancellationToken cancellationToken = default)
    {
        var live = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate) _subscribed = Task.WhenAll(_subscribed, live.Task);
        return ReadEvents(ConnectEventsAsync(live, cancellationToken), cancellationToken);
    }

    private async Task<(HttpResponseMessage Response, IAsyncEnumerator<SseItem<string>> Items)> ConnectEventsAsync(TaskCompletionSource live, CancellationToken cancellationToken)
    {
        HttpResponseMessage? response = null;
        try
        {
            response = await SendAuthorizedAsync(HttpMethod.Get, "v1/events", null, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            await WalletHttpErrors.ThrowIfRefusedAsync(response, cancellationToken);
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var items = SseParser.Create(stream).EnumerateAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            if (!await NextAsync(items) || items.Current.EventType != WalletEventJson.SubscribedType)
                throw new WalletException(WalletError.Unreachable, $"the wallet at {BaseUri} did not open the event stream");
            return (response, items);
        }
        catch
        {
            response?.Dispose();
            throw;
        }
        finally
        {
            live.TrySetResult();
        }
    }

    private async IAsyncEnumerable<WalletEvent> ReadEvents(Task<(HttpResponseMessage Response, IAsyncEnumerator<SseItem<string>> Items)> connecting,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (response, items) = await connecting;
        using (response)
        await using (items)
        {
            while (await NextAsync(items))
            {
                WalletEventJson? data;
                try
                {
                    data = JsonSerializer.Deserialize<WalletEventJson>(items.Current.Data, ServiceJson.Options);
                }
                catch (JsonException e)
                {
                    throw new WalletException(WalletError.Unreachable, $"the wallet sent a malformed event: {HttpInput.OneLine(e.Message)}");
                }
                if (data is not null && Convert(data, d => d.ToEvent(items.Current.EventType, AccountId)) is { } walletEvent) yield return walletEvent;
            }
            cancellationToken.ThrowIfCancellationRequested();
            throw new WalletException(WalletError.Unreachable, $"the wallet at {BaseUri} closed the event stream");
        }
    }

    private async Task<bool> NextAsync(IAsyncEnumerator<SseItem<string>> items)
    {
        try
        {
            return await items.MoveNextAsync();
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new WalletException(WalletError.Unreachable, $"the event stream from {BaseUri} broke: {e.Message}", e);
        }
    }
}
