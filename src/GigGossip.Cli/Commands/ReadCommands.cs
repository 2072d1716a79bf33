using System.CommandLine;
using GigGossip.Node.Control;

namespace GigGossip.Cli.Commands;

/// <summary>
/// lncli-style read commands on a running node, each with `--json` (the control API's camelCase object, amounts in msat):
/// `getinfo`, `balance`, `peers [--min N]`, `jobs`. Exit 0, or 1 when the node cannot be reached (2 for a bad command line).
/// </summary>
public static class ReadCommands
{
    public const int MaxPeerWaitSeconds = 60;

    public static Command GetInfo() => Read("getinfo", "What the node is: id, address, peers, settlers, wallet, balance, warnings", async (parse, client, output, json, token) =>
    {
        var info = await client.InfoAsync(token);
        if (json)
        {
            await JsonOutput.WriteAsync(output, info);
            return;
        }
        await output.WriteLineAsync($"id:        {info.Id}");
        await output.WriteLineAsync($"address:   {info.Address}");
        await output.WriteLineAsync($"peers:     {info.Peers.Count} connected{(info.Peers.Count > 0 ? ": " + string.Join(", ", info.Peers) : "")}");
        foreach (var settler in info.Settlers ?? []) await output.WriteLineAsync($"settler:   {settler.Uri} key {settler.PublicKey}");
        await output.WriteLineAsync(info.Wallet is { } wallet
            ? $"wallet:    {wallet.Kind}{(wallet.Url is { } url ? " " + url : "")} account {wallet.Account}"
            : $"wallet:    account {info.WalletAccount ?? info.Id}");
        await output.WriteLineAsync($"balance:   {info.BalanceMsat} msat");
        await output.WriteLineAsync(info.Work is { } w
            ? $"work:      taxi rides from {w.Area} at {Amounts.Format(w.PriceMsat)} through {info.WorkSettlerUri}"
            : "work:      none");
        foreach (var warning in info.Warnings ?? []) await output.WriteLineAsync($"warning:   {warning}");
    });

    public static Command Balance() => Read("balance", "The node's wallet balance (spendable; held money is not in it)", async (parse, client, output, json, token) =>
    {
        var balance = await client.BalanceAsync(token);
        if (json) await JsonOutput.WriteAsync(output, balance);
        else await output.WriteLineAsync($"{balance.BalanceMsat} msat ({Amounts.Format(balance.BalanceMsat)}) spendable in account {balance.Account}");
    });

    public static Command Jobs()
    {
        var request = new Option<string?>("--request") { Description = "Only this request or job" };
        var until = new Option<string?>("--until") { Description = $"With --request: wait (at most {MaxPeerWaitSeconds}s) until the job is in this state, e.g. settled; exit 1 if it is not" };
        return Read("jobs", "Every request, taken job and routed reply (kept across restarts), with its state and amounts", (parse, client, output, json, token) =>
            ShowJobsAsync(client, output, json, parse.GetValue(request), parse.GetValue(until), token), request, until);
    }

    private static async Task ShowJobsAsync(ControlClient client, TextWriter output, bool json, string? request, string? until, CancellationToken token)
    {
        if (until is not null && request is null) throw new UsageException("--until needs --request ID");
        var jobs = await JobsOfAsync(client, request, token);
        var last = (await client.EventsAsync(long.MaxValue - 1, 0, token)).Last;
        var deadline = DateTime.UtcNow.AddSeconds(MaxPeerWaitSeconds);
        while (until is not null && !jobs.Jobs.Any(j => j.State == until) && DateTime.UtcNow < deadline)
        {
            last = (await client.EventsAsync(last, 5, token)).Last;
            jobs = await JobsOfAsync(client, request, token);
        }
        if (json)
        {
            await JsonOutput.WriteAsync(output, jobs);
            return;
        }
        if (jobs.Jobs.Count == 0) await output.WriteLineAsync("no jobs yet");
        foreach (var job in jobs.Jobs)
        {
            var amounts = string.Join("  ", new[]
            {
                job.Offers > 0 ? $"offers {job.Offers}" : null,
                job.PriceMsat is { } price ? $"price {price} msat" : null,
                job.NetworkMsat is { } network ? $"network {network} msat" : null,
                job.FeeMsat is { } fee ? $"fee {fee} msat" : null,
                job.Contact is { } contact ? $"contact {contact}" : null,
                job.Reason is { } reason ? $"({reason})" : null,
            }.Where(p => p is not null));
            await output.WriteLineAsync($"{job.Id}  {job.Role}  {job.State}  {amounts}".TrimEnd());
        }
        if (until is not null && !jobs.Jobs.Any(j => j.State == until))
            throw new ControlClientException($"job {request} is {(jobs.Jobs.Count == 0 ? "unknown" : string.Join(", ", jobs.Jobs.Select(j => j.State)))}, not {until}, after {MaxPeerWaitSeconds}s");
    }

    private static async Task<JobsView> JobsOfAsync(ControlClient client, string? request, CancellationToken token)
    {
        var jobs = await client.JobsAsync(token);
        return request is null ? jobs : new JobsView([.. jobs.Jobs.Where(j => j.Id == request)]);
    }

    public static Command Peers()
    {
        var min = new Option<int>("--min") { Description = $"Wait (at most {MaxPeerWaitSeconds}s) until at least this many peers are connected; exit 1 if they are not" };
        return Read("peers", "The node's peers: configured and connected, with discovery each score and its parts (--json)", async (parse, client, output, json, token) =>
        {
            var wanted = parse.GetValue(min);
            var last = (await client.EventsAsync(long.MaxValue - 1, 0, token)).Last;
            var peers = await client.PeersAsync(token);
            var deadline = DateTime.UtcNow.AddSeconds(MaxPeerWaitSeconds);
            while (peers.Peers.Count(p => p.Connected) < wanted && DateTime.UtcNow < deadline)
            {
                last = (await client.EventsAsync(last, 5, token)).Last;
                peers = await client.PeersAsync(token);
            }
            if (json) await JsonOutput.WriteAsync(output, peers);
            else
            {
                if (peers.Peers.Count == 0) await output.WriteLineAsync("no peers");
                foreach (var peer in peers.Peers) await output.WriteLineAsync(PeerLine(peer));
            }
            var up = peers.Peers.Count(p => p.Connected);
            if (up < wanted) throw new ControlClientException($"{up} peers connected after {MaxPeerWaitSeconds}s, fewer than --min {wanted}");
        }, min);
    }

    /// <summary>One peer: id, connected or not, direction, address, and with discovery its score and flags.</summary>
    private static string PeerLine(PeerView peer)
    {
        var line = $"{peer.Id}  {(peer.Connected ? "connected" : "not connected")}";
        if (peer.Direction is { } direction) line += $" ({direction})";
        if (peer.Address is { } address) line += "  " + address;
        if (peer.Score is { } score) line += FormattableString.Invariant($"  score {score:0.##}");
        if (peer.Configured) line += "  configured";
        if (peer.Anchor) line += "  anchor";
        if (peer.Graylisted) line += "  graylisted";
        return line;
    }

    private static Command Read(string name, string description, Func<ParseResult, ControlClient, TextWriter, bool, CancellationToken, Task> show, params Option[] extra)
    {
        var connection = new ControlConnection();
        var json = JsonOutput.Option();
        var command = connection.AddTo(new Command(name, description) { json });
        foreach (var option in extra) command.Add(option);
        command.SetAction((parse, ct) => connection.RunAsync(parse, (client, output, token) => show(parse, client, output, parse.GetValue(json), token), ct));
        return command;
    }
}
