using System.CommandLine;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip events [--after N] [--follow] [--json]`: what the node did, one line an event (with --json, one JSON object a line).</summary>
public static class EventsCommand
{
    public static Command Build()
    {
        var connection = new ControlConnection();
        var after = new Option<long>("--after") { Description = "Only events after this sequence number" };
        var follow = new Option<bool>("--follow") { Description = "Keep printing new events until interrupted" };
        var json = JsonOutput.Option();
        var command = connection.AddTo(new Command("events", "Show the node's events") { after, follow, json });
        command.SetAction((parse, ct) => connection.RunAsync(parse, async (client, output, token) =>
        {
            var last = parse.GetValue(after);
            do
            {
                var page = await client.EventsAsync(last, parse.GetValue(follow) ? 30 : 0, token);
                if (parse.GetValue(json))
                    foreach (var e in page.Events) await JsonOutput.WriteLineAsync(output, e);
                else
                    foreach (var e in page.Events)
                        await output.WriteLineAsync($"{e.Sequence,6} {DateTimeOffset.FromUnixTimeMilliseconds(e.AtUnixMs):HH:mm:ss.fff} {e.Text}");
                last = page.Events.Count > 0 ? page.Events[^1].Sequence : last;
            }
            while (parse.GetValue(follow) && !token.IsCancellationRequested);
        }, ct));
        return command;
    }
}
