using System.CommandLine;
using GigGossip.Node.Control;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip work --taxi --area GEOHASH --price 25000sat [--contact TEXT]` or `giggossip work --stop`: the worker side;
/// `giggossip work pickup JOB CODE` and `giggossip work statement JOB TEXT` for a job taken.
/// </summary>
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
        command.Subcommands.Add(Pickup());
        command.Subcommands.Add(Statement());
        return command;
    }

    /// <summary>`giggossip work pickup JOB CODE`: the driver reports the rider's pickup code to the settler (proof of service).</summary>
    private static Command Pickup()
    {
        var connection = new ControlConnection();
        var job = new Argument<string>("JOB") { Description = "The request id of the job you took" };
        var code = new Argument<string>("CODE") { Description = "The six-digit pickup code the rider tells you at pickup" };
        var command = connection.AddTo(new Command("pickup", "Report the rider's pickup code: proof that you came (decides an undecided dispute for you)") { job, code });
        command.SetAction((parse, ct) => connection.RunAsync(parse, async (client, output, token) =>
        {
            var report = await client.PickupAsync(parse.GetValue(job)!, parse.GetValue(code)!, token);
            await output.WriteLineAsync($"pickup code for request {report.RequestId}: {report.Status}");
        }, ct));
        return command;
    }

    /// <summary>`giggossip work statement JOB TEXT`: the driver's side of a disputed job, for the settler's operator.</summary>
    private static Command Statement()
    {
        var connection = new ControlConnection();
        var job = new Argument<string>("JOB") { Description = "The request id of the disputed job" };
        var text = new Argument<string>("TEXT") { Description = "What happened, in your words (at most 2000 characters)" };
        var command = connection.AddTo(new Command("statement", "Tell the settler's operator your side of a disputed job (signed)") { job, text });
        command.SetAction((parse, ct) => connection.RunAsync(parse, async (client, output, token) =>
        {
            var report = await client.StatementAsync(parse.GetValue(job)!, parse.GetValue(text)!, token);
            await output.WriteLineAsync($"statement for request {report.RequestId}: {report.Status}");
        }, ct));
        return command;
    }
}
