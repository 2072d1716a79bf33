using System.CommandLine;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip accept OFFER [--wait 60s | --no-wait] [--json]`: pay an offer's network and reply invoices, then wait for the
/// outcome: exit 0 once the whole route holds the money (the contact is revealed), 1 when the payment failed (saying why),
/// 3 when there was no outcome within the wait. With --no-wait it returns once the payments are started (exit 0).
/// </summary>
public static class AcceptCommand
{
    public const int PendingExitCode = 3;
    private const int MaxWaitSeconds = 60;

    public static Command Build()
    {
        var connection = new ControlConnection();
        var offer = new Argument<string>("OFFER") { Description = "The offer id (from `giggossip offers`)" };
        var wait = new Option<string>("--wait") { Description = $"How long to wait for the payment's outcome, at most {MaxWaitSeconds}s", DefaultValueFactory = _ => "60s" };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the payments are started, without waiting for their outcome" };
        var json = JsonOutput.Option();
        var command = connection.AddTo(new Command("accept", "Accept and pay an offer; waits until the money is held along the route or the payment fails") { offer, wait, noWait, json });
        command.SetAction((parse, ct) => connection.RunAsync(parse, async (client, output, token) =>
        {
            var seconds = parse.GetValue(noWait) ? 0 : (int)Durations.Parse(parse.GetValue(wait)!, "--wait").TotalSeconds;
            if (!parse.GetValue(noWait) && seconds is < 1 or > MaxWaitSeconds) throw new UsageException($"--wait: between 1s and {MaxWaitSeconds}s");
            var accepted = await client.AcceptAsync(parse.GetValue(offer)!, seconds, token);
            if (parse.GetValue(json)) await JsonOutput.WriteAsync(output, accepted);
            var subject = $"offer {accepted.OfferId} for request {accepted.RequestId}";
            switch (accepted.Outcome)
            {
                case "held":
                    if (!parse.GetValue(json)) await output.WriteLineAsync($"accepted {subject}: money held along the route until the job is done; contact: {accepted.Contact}");
                    return 0;
                case "failed":
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {subject}: {accepted.Reason}");
                    return 1;
                case "pending":
                    await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {subject}: {accepted.Reason}");
                    return PendingExitCode;
                default:
                    if (!parse.GetValue(json)) await output.WriteLineAsync($"accepted {subject}: paying (see `giggossip jobs` for the outcome)");
                    return 0;
            }
        }, ct));
        return command;
    }
}
