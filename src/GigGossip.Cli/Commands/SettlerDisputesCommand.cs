using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using GigGossip.Cli.Config;
using GigGossip.Settler.Http;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip settler disputes list|show HASH|decide HASH --settle|--refund`: the operator reads the frozen disputes (both
/// signed statements, the pickup proof, the holds and what the written default will do) and decides them (admin token).
/// </summary>
internal static class SettlerDisputesCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static Command Build()
    {
        var command = new Command("disputes", "Operator: list, show and decide disputes (jobs frozen by a dispute after the key reveal)");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Decide());
        return command;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of text" };

    private static Argument<string> HashArgument() => new("HASH") { Description = "The job's network payment hash (hex), as `disputes list` shows it" };

    private static Command List()
    {
        var (url, token) = SettlerCommand.Admin();
        var json = JsonOption();
        var command = new Command("list", "Every dispute, open or decided, newest first") { url, token, json };
        command.SetAction((parse, ct) => ServiceCommands.RunAsync(parse, async output =>
        {
            using var admin = SettlerCommand.Client(parse, url, token);
            var disputes = await admin.ListDisputesAsync(ct);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new DisputeListJson(disputes), Json));
                return;
            }
            if (disputes.Count == 0) await output.WriteLineAsync("no disputes");
            foreach (var d in disputes)
                await output.WriteLineAsync($"{d.NetworkPaymentHash} {(d.Open ? "OPEN" : "decided")} {d.Decision} disputed {Time(d.DisputedAtUnixMs)}" +
                    (d.Open ? $", default {d.DefaultDecision} at {Time(d.DefaultDecisionAtUnixMs)}" : ""));
        }));
        return command;
    }

    private static Command Show()
    {
        var (url, token) = SettlerCommand.Admin();
        var json = JsonOption();
        var hash = HashArgument();
        var command = new Command("show", "One dispute: both statements, the pickup proof, the holds and the default decision") { url, token, json, hash };
        command.SetAction((parse, ct) => ServiceCommands.RunAsync(parse, async output =>
        {
            using var admin = SettlerCommand.Client(parse, url, token);
            var dispute = await admin.GetDisputeAsync(Hash(parse.GetValue(hash)!), ct);
            await Write(output, dispute, parse.GetValue(json));
        }));
        return command;
    }

    private static Command Decide()
    {
        var (url, token) = SettlerCommand.Admin();
        var json = JsonOption();
        var hash = HashArgument();
        var settle = new Option<bool>("--settle") { Description = "Pay the driver (and every middleman): the job was done" };
        var refund = new Option<bool>("--refund") { Description = "Give the rider its money back: the job was not done" };
        var command = new Command("decide", "Decide an open dispute: --settle or --refund") { url, token, json, hash, settle, refund };
        command.SetAction((parse, ct) => ServiceCommands.RunAsync(parse, async output =>
        {
            if (parse.GetValue(settle) == parse.GetValue(refund)) throw new ServiceConfigException("give exactly one of --settle or --refund");
            using var admin = SettlerCommand.Client(parse, url, token);
            var dispute = await admin.DecideDisputeAsync(Hash(parse.GetValue(hash)!), parse.GetValue(settle), ct);
            await Write(output, dispute, parse.GetValue(json));
        }));
        return command;
    }

    private static async Task Write(TextWriter output, DisputeJson d, bool json)
    {
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(d, Json));
            return;
        }
        await output.WriteLineAsync($"job {d.NetworkPaymentHash} (request {d.PayloadId})");
        await output.WriteLineAsync($"  state: {d.State}, decision: {d.Decision}{(d.Open ? $"; default {d.DefaultDecision} at {Time(d.DefaultDecisionAtUnixMs)}" : "")}");
        await output.WriteLineAsync($"  disputed at {Time(d.DisputedAtUnixMs)}; service ends {Time(d.ServiceEndUnixMs)}; holds needed until {Time(d.MinHoldUntilUnixMs)}");
        await output.WriteLineAsync($"  network hold until {Time(d.NetworkHoldUntilUnixMs)}, reply hold until {Time(d.ReplyHoldUntilUnixMs)}");
        await output.WriteLineAsync($"  pickup code reported: {(d.PickupProvenAtUnixMs is { } at ? "yes, at " + Time(at) : "no")}");
        await output.WriteLineAsync($"  rider  {d.Sender}: {d.SenderStatement ?? "(no statement)"}");
        await output.WriteLineAsync($"  driver {d.Replier}: {d.ReplierStatement ?? "(no statement)"}");
    }

    private static string Time(long? unixMs) =>
        unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "unknown";

    private static byte[] Hash(string text)
    {
        var bytes = SettlerCommand.Hex(text, "HASH");
        return bytes.Length == 32 ? bytes : throw new ServiceConfigException($"HASH must be 32 bytes of hex, got {bytes.Length}");
    }
}
