using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Pow;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip bench pow [--seconds N] [--threads N] [--engine managed|libcrypto] [--json]`: runs the real
/// proof-of-work solver on a target no hash meets for N seconds and prints the tries per second.
/// </summary>
public static class BenchPowCommand
{
    private const double MaxSeconds = 86_400;

    public static Command Build()
    {
        var seconds = new Option<double>("--seconds") { Description = "How long to run the solver", DefaultValueFactory = _ => 5 };
        var threads = new Option<int>("--threads") { Description = "Solver threads (1-256)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var engine = new Option<string?>("--engine") { Description = "Hash engine (default: the fastest available)" };
        engine.AcceptOnlyFromAmong("managed", "libcrypto");
        var json = new Option<bool>("--json") { Description = "Print one JSON object" };
        var command = new Command("pow", "Proof-of-work tries per second of the solver on this machine") { seconds, threads, engine, json };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(
            parse, parse.GetValue(seconds), parse.GetValue(threads), parse.GetValue(engine), parse.GetValue(json), cancellationToken)));
        return command;
    }

    private static int Run(ParseResult parse, double seconds, int threads, string? engineName, bool json, CancellationToken cancellationToken)
    {
        var output = parse.InvocationConfiguration.Output;
        var error = parse.InvocationConfiguration.Error;
        if (!(seconds is > 0 and <= MaxSeconds))
            return Fail(error, $"--seconds must be more than 0 and at most {MaxSeconds}, got {seconds}");
        if (threads is < 1 or > PowSolver.MaxThreads)
            return Fail(error, $"--threads must be between 1 and {PowSolver.MaxThreads}, got {threads}");
        var engine = engineName switch
        {
            null => PowEngine.Current,
            "managed" => PowEngine.Managed,
            _ => PowEngine.Libcrypto,
        };
        if (engine is null) return Fail(error, "the libcrypto engine needs OpenSSL 3 (libcrypto.so.3), which did not load; use --engine managed");

        var unit = new PowWorkUnit(RandomNumberGenerator.GetBytes(PowWorkUnit.DigestLength), SecretKey.Generate().PublicKey, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        var result = PowSolver.Search(unit, PowTarget.FromLeadingZeroBits(256), threads, deadline.Token, engine);
        var triesPerSecond = result.Tries / clock.Elapsed.TotalSeconds;

        if (json)
            output.WriteLine(JsonSerializer.Serialize(new { triesPerSecond = Math.Round(triesPerSecond), threads, engine = engine.Name, seconds = clock.Elapsed.TotalSeconds }));
        else
            output.WriteLine($"pow: {triesPerSecond:N0} tries/s on {threads} thread{(threads == 1 ? "" : "s")} ({engine.Name} engine, {result.Tries:N0} tries in {clock.Elapsed.TotalSeconds:F1} s)");
        return 0;
    }

    private static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"error: {message}");
        return 2;
    }
}
