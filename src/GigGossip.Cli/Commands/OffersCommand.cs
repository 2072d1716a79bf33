using System.CommandLine;
using GigGossip.Protocol.Engine;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip offers [--request ID] [--wait] [--best] [--quiet] [--json]`: the offers received, best first, each with the
/// state of its job once accepted. `--wait` first waits (at most 60s) until the request's reply deadline has passed.
/// </summary>
public static class OffersCommand
{
    public static Command Build()
    {
        var connection = new ControlConnection();
        var request = new Option<string?>("--request") { Description = "Only the offers for this request" };
        var wait = new Option<bool>("--wait") { Description = "With --request: first wait (at most 60s) until its reply deadline, when every offer is in" };
        var best = new Option<bool>("--best") { Description = "Only the best offer" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only the offer ids, one a line" };
        var json = JsonOutput.Option();
        var command = connection.AddTo(new Command("offers", "List the offers received for your requests, best first") { request, wait, best, quiet, json });
        command.SetAction((parse, ct) => connection.RunAsync(parse, async (client, output, token) =>
        {
            var id = parse.GetValue(request);
            if (parse.GetValue(wait))
            {
                if (id is null) throw new UsageException("--wait needs --request ID");
                await WaitForDeadlineAsync(client, id, token);
            }
            var offers = (await client.OffersAsync(id, token)).Offers;
            if (parse.GetValue(best)) offers = [.. offers.Take(1)];
            if (parse.GetValue(json))
            {
                await JsonOutput.WriteAsync(output, new Node.Control.OffersView(offers));
                return;
            }
            if (offers.Count == 0 && !parse.GetValue(quiet)) await output.WriteLineAsync("no offers yet");
            foreach (var offer in offers)
                await output.WriteLineAsync(parse.GetValue(quiet)
                    ? offer.OfferId
                    : $"{offer.OfferId}  request {offer.RequestId}  price {offer.PriceMsat} msat  network {offer.NetworkMsat} msat  settler {offer.SettlerUri}{(offer.Accepted ? $"  [accepted: {offer.JobState ?? "paid"}]" : "")}");
        }, ct));
        return command;
    }

    /// <summary>Waits for the node's OffersCollected event of the request (its reply deadline), at most 60s.</summary>
    private static async Task WaitForDeadlineAsync(Node.Control.ControlClient client, string requestId, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long after = 0;
        while (DateTime.UtcNow < deadline)
        {
            var page = await client.EventsAsync(after, 10, cancellationToken);
            if (page.Events.Any(e => e.Type == nameof(OffersCollected) && e.Data.TryGetValue("requestId", out var r) && r?.ToString() == requestId)) return;
            after = page.Events.Count > 0 ? page.Events[^1].Sequence : after;
        }
        throw new Node.Control.ControlClientException($"request {requestId}: its reply deadline did not pass within 60s");
    }
}
