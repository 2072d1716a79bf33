using System.Globalization;
using System.Text.Json;
using GigGossip.Node.Control;
using GigGossip.Node.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GigGossip.Node.Web;

/// <summary>
/// GET /v1/events/stream: the node's event log as server-sent events, from <c>?after=N</c> or the browser's
/// Last-Event-ID on reconnect; one <c>id</c>, <c>event</c> (the type) and <c>data</c> (the event as GET /v1/events shows it)
/// per event, and a comment line every <see cref="KeepAlive"/> so proxies and the browser see the stream alive.
/// </summary>
internal static class EventStream
{
    public static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static async Task RunAsync(HttpContext context, NodeHost host)
    {
        var after = After(context.Request);
        if (after is null)
        {
            await ControlApi.Write(context, 400, new ErrorView("after: not a whole number of 0 or more")).ConfigureAwait(false);
            return;
        }
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        // The stream ends when the browser goes or the node stops (an open stream must not hold up the shutdown).
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted,
            context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        var cancellationToken = ended.Token;
        var last = after.Value;
        try
        {
            await response.WriteAsync("retry: 2000\n\n", cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (var recorded in host.Events.Since(last, ControlEndpoints.MaxEventsPerPage))
                {
                    var view = EventViews.From(recorded);
                    await response.WriteAsync($"id: {view.Sequence.ToString(CultureInfo.InvariantCulture)}\nevent: {view.Type}\ndata: {JsonSerializer.Serialize(view, ControlApi.Json)}\n\n",
                        cancellationToken).ConfigureAwait(false);
                    last = recorded.Sequence;
                }
                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(KeepAlive);
                try
                {
                    await host.Events.WaitForNewAsync(last, wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    await response.WriteAsync(": alive\n\n", cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static long? After(HttpRequest request)
    {
        var text = request.Headers["Last-Event-ID"].ToString();
        if (text.Length == 0) text = request.Query["after"].ToString();
        if (text.Length == 0) return 0;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
