using System.CommandLine;
using GigGossip.Node.Control;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip work --taxi --area GEOHASH --price 25000sat [--contact TEXT]` or `giggossip work --stop`: the worker side.</summary>
public static class WorkCommand
{
    public static Command Build()
    {
        var connection = new ControlConnection();
        var taxi = new Option<bool>("--taxi") { Description = "Take taxi rides" };
        var area = new Option<string?>("--area") { Description = "Take rides picked up in this geohash prefix" };
        var price = new Option<string?>("--price") { Description = "Your price with its unit, e.g. 25000sat (or msat)" };
        var contact = new Option<string?>("--contact") { Description = "What a sender sees once it has paid (default: the contact the node has now, or its config's)" };
        var stop = new Option<bool>("--stop") { Description = "Stop taking jobs (jobs already taken keep their terms)" };
        var command = connection.AddTo(new Command("work", "Take jobs as a gig worker") { taxi, area, price, contact, stop });
        command.SetAction((parse, ct) => connection.RunAsync(parse, async (client, output, token) =>
        {
            if (parse.GetValue(stop))
            {
                await client.StopWorkAsync(token);
                await output.WriteLineAsync("no longer taking jobs");
                return;
            }
            if (!parse.GetValue(taxi)) throw new UsageException("give --taxi (the kind of job) with --area and --price, or --stop");
            var where = parse.GetValue(area) ?? throw new UsageException("--taxi needs --area GEOHASH");
            var msat = Amounts.ParseMsat(parse.GetValue(price) ?? throw new UsageException("--taxi needs --price AMOUNT, e.g. 25000sat"), "--price");
            var work = await client.WorkAsync(new WorkBody(where, null, parse.GetValue(contact), msat), token);
            await output.WriteLineAsync($"taking taxi rides from {work.Area} at {Amounts.Format(work.PriceMsat)} (contact shown to payers: {work.Contact})");
        }, ct));
        return command;
    }
}
