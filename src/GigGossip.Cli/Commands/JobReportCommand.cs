using System.CommandLine;
using GigGossip.Protocol.Engine;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip done JOB` and `giggossip dispute JOB [--statement TEXT]`: tell the settler the job was done (everyone is paid) or
/// disputed (refunded before the key reveal; frozen for the settler's operator after it).
/// </summary>
public static class JobReportCommand
{
    /// <summary>How long the command waits for the settler's answer; a refusal or no answer is exit 1.</summary>
    public const int ReportWaitSeconds = 30;

    public static Command Build(JobOutcome outcome)
    {
        var connection = new ControlConnection();
        var job = new Argument<string>("JOB") { Description = "The request id of the job" };
        var (name, description) = outcome == JobOutcome.Done
            ? ("done", "Report a job done: the settler releases the held money")
            : ("dispute", "Dispute a job: before the contact is revealed the held money goes back; after it the job freezes until the settler's operator decides");
        var statement = new Option<string?>("--statement") { Description = "Your side of the dispute, for the settler's operator (signed)" };
        var command = connection.AddTo(new Command(name, description) { job });
        if (outcome == JobOutcome.Disputed) command.Options.Add(statement);
        command.SetAction((parse, ct) => connection.RunAsync(parse, async (client, output, token) =>
        {
            var id = parse.GetValue(job)!;
            var reported = await client.ReportAsync(id, outcome == JobOutcome.Done, ReportWaitSeconds, outcome == JobOutcome.Done ? null : parse.GetValue(statement), token);
            await output.WriteLineAsync($"reported request {reported.RequestId} {reported.Outcome.ToLowerInvariant()} to its settler");
        }, ct));
        return command;
    }
}
