using System.Net.Http.Headers;
using GigGossip.Cli.Demo;
using GigGossip.Node.Control;

namespace GigGossip.Web.Tests;

/// <summary>GET /v1/events/stream: the node's events as server-sent events, live, resumable by Last-Event-ID.</summary>
public sealed class EventStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<List<(long Id, string Type, string Data)>> ReadAsync(HttpClient http, long? lastEventId, string? until, int max, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/events/stream");
        if (lastEventId is { } id) request.Headers.Add("Last-Event-ID", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var events = new List<(long, string, string)>();
        long currentId = 0;
        var type = "";
        while (events.Count < max && await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("id: ", StringComparison.Ordinal)) currentId = long.Parse(line[4..], System.Globalization.CultureInfo.InvariantCulture);
            else if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add((currentId, type, line[6..]));
                if (type == until) break;
            }
        }
        return events;
    }

    [Fact]
    public async Task EventsArriveLiveAndResumeAfterTheLastId()
    {
        await using var network = await WebDemoNetwork.StartAsync(nodes: 3, autoDrivers: 0, seed: 6, Ct);
        using var http = new HttpClient { BaseAddress = network.Rider.ControlUri, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", network.Rider.ControlToken);
        var before = network.Rider.Events.LastSequence;

        using var window = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        window.CancelAfter(TimeSpan.FromSeconds(30));
        var reading = ReadAsync(http, before, until: "BroadcastStarted", max: 1000, window.Token);
        using var control = new ControlClient(network.Rider.ControlUri!, network.Rider.ControlToken!);
        var started = await control.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2gk", 600), Ct);
        var live = await reading;
        var broadcast = Assert.Single(live, e => e.Type == "BroadcastStarted");
        Assert.Contains(started.RequestId, broadcast.Data);
        Assert.True(broadcast.Id > before);
        Assert.Equal(live.Select(e => e.Id).OrderBy(i => i), live.Select(e => e.Id)); // in order, no gaps repeated

        // Reconnecting with Last-Event-ID gets only what came after.
        var resumed = await ReadAsync(http, broadcast.Id - 1, until: "BroadcastStarted", max: 1, Ct);
        Assert.Equal(broadcast.Id, Assert.Single(resumed).Id);
    }
}
