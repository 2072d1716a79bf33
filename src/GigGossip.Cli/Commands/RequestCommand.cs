using System.CommandLine;
using GigGossip.Node.Control;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip request taxi --from GEOHASH --to GEOHASH --pickup-in 10m [--reply-within 10s]`: broadcast a ride request.</summary>
public static class RequestCommand
{
    public static Command Build()
    {
        var connection = new ControlConnection();
        var from = new Option<string>("--from") { Description = "Pickup geohash cell (at most the network's precision, 7 by default)", Required = true };
        var to = new Option<string>("--to") { Description = "Drop-off geohash cell", Required = true };
        var pickupIn = new Option<string>("--pickup-in") { Description = "Pickup window from now, e.g. 10m", Required = true };
        var replyWithin = new Option<string>("--reply-within") { Description = "How long offers are collected, e.g. 10s", DefaultValueFactory = _ => "10s" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the request id" };
        var json = JsonOutput.Option();
        var taxi = connection.AddTo(new Command("taxi", "Ask the network for a taxi ride") { from, to, pickupIn, replyWithin, quiet, json });
        taxi.SetAction((parse, ct) => connection.RunAsync(parse, async (client, output, token) =>
        {
            var body = new TaxiRequestBody(parse.GetValue(from), parse.GetValue(to),
                (long)Durations.Parse(parse.GetValue(pickupIn)!, "--pickup-in").TotalSeconds,
                (long)Durations.Parse(parse.GetValue(replyWithin)!, "--reply-within").TotalSeconds);
            var started = await client.RequestTaxiAsync(body, token);
            if (parse.GetValue(json)) await JsonOutput.WriteAsync(output, started);
            else if (parse.GetValue(quiet)) await output.WriteLineAsync(started.RequestId);
            else await output.WriteLineAsync($"request {started.RequestId}: asked the network; offers until {DateTimeOffset.FromUnixTimeMilliseconds(started.ReplyDeadlineUnixMs):u}");
        }, ct));
        return new Command("request", "Ask the network for a job (sender side)") { taxi };
    }
}
