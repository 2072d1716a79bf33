using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace GigGossip.Cli.Tests.Walkthrough;

/// <summary>
/// Runs the walkthrough's shell lines the way sh would, each `giggossip` a separate process of the built CLI in one working
/// directory: `mkdir DIR...`, `cat > FILE &lt;&lt;EOF` (with $VARS expanded unless the marker is quoted), `VAR=$(giggossip ...)`,
/// `giggossip ... &amp;` (a service: started, and waited for until it prints its "listening on" line), and `giggossip ...`
/// (must exit 0). Anything else is refused, so the README cannot hold a line this runner skips.
/// </summary>
internal sealed partial class Shell(string directory, ITestOutputHelper? log) : IAsyncDisposable
{
    public static readonly TimeSpan CommandLimit = TimeSpan.FromSeconds(120);

    private readonly Dictionary<string, string> _variables = [];
    private readonly List<(Process Process, StringBuilder Output)> _background = [];

    public IReadOnlyDictionary<string, string> Variables => _variables;

    /// <summary>Each command's output, in order.</summary>
    public List<(string Command, string Output)> Transcript { get; } = [];

    public async Task RunAsync(IReadOnlyList<string> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i].TrimEnd();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            if (HereDocument().Match(line) is { Success: true } here)
            {
                var body = new StringBuilder();
                var marker = here.Groups["marker"].Value;
                while (lines[++i].TrimEnd() != marker) body.Append(lines[i]).Append('\n');
                var text = here.Groups["quote"].Success ? body.ToString() : Expand(body.ToString());
                await File.WriteAllTextAsync(System.IO.Path.Combine(directory, here.Groups["file"].Value), text);
                continue;
            }
            if (line.StartsWith("mkdir ", StringComparison.Ordinal))
            {
                foreach (var name in Words(line)[1..]) Directory.CreateDirectory(System.IO.Path.Combine(directory, name));
                continue;
            }
            if (Capture().Match(line) is { Success: true } capture)
            {
                _variables[capture.Groups["name"].Value] = (await ForegroundAsync(capture.Groups["command"].Value)).Trim();
                continue;
            }
            if (line.EndsWith(" &", StringComparison.Ordinal))
            {
                await BackgroundAsync(line[..^2]);
                continue;
            }
            if (line.StartsWith("giggossip ", StringComparison.Ordinal))
            {
                await ForegroundAsync(line);
                continue;
            }
            throw new InvalidOperationException($"the walkthrough runner does not know this line: {line}");
        }
    }

    private async Task<string> ForegroundAsync(string command)
    {
        using var process = Start(command);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(CommandLimit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{command}` did not end within {CommandLimit.TotalSeconds} s");
        }
        var (stdout, stderr) = (await output, await error);
        log?.WriteLine($"$ {Expand(command)}\n{stdout}{stderr}");
        Transcript.Add((command, stdout));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`{Expand(command)}` exited {process.ExitCode}:\n{stdout}{stderr}\n{BackgroundOutput()}");
        return stdout;
    }

    private async Task BackgroundAsync(string command)
    {
        var process = Start(command);
        var output = new StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string? line)
        {
            if (line is null) return;
            lock (output) output.AppendLine(line);
            if (line.Contains(" listening on ", StringComparison.Ordinal)) listening.TrySetResult();
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _background.Add((process, output));
        var first = await Task.WhenAny(listening.Task, process.WaitForExitAsync(TestContext.Current.CancellationToken)).WaitAsync(CommandLimit, TestContext.Current.CancellationToken);
        if (first != listening.Task)
        {
            lock (output) throw new InvalidOperationException($"`{Expand(command)}` exited before it listened:\n{output}");
        }
        lock (output) log?.WriteLine($"$ {Expand(command)} &\n{output}");
    }

    private Process Start(string command)
    {
        var words = Words(Expand(command));
        Assert.Equal("giggossip", words[0]);
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("exec");
        start.ArgumentList.Add(System.IO.Path.Combine(AppContext.BaseDirectory, "giggossip.dll"));
        foreach (var word in words.Skip(1)) start.ArgumentList.Add(word);
        start.Environment.Remove("GIGGOSSIP_CRASH_AT");
        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>$NAME and ${NAME} from the variables set so far (an unset one is an error, as with `set -u`).</summary>
    private string Expand(string text) => Variable().Replace(text, m =>
    {
        var name = m.Groups["a"].Success ? m.Groups["a"].Value : m.Groups["b"].Value;
        return _variables.TryGetValue(name, out var value) ? value : throw new InvalidOperationException($"${name} is not set");
    });

    /// <summary>Splits on spaces, keeping "double" and 'single' quoted words whole (without the quotes).</summary>
    private static string[] Words(string line) =>
        [.. WordPattern().Matches(line).Select(m => m.Groups["d"].Success ? m.Groups["d"].Value : m.Groups["s"].Success ? m.Groups["s"].Value : m.Value)];

    private string BackgroundOutput()
    {
        var all = new StringBuilder();
        foreach (var (_, output) in _background) lock (output) all.Append(output);
        return all.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (process, output) in Enumerable.Reverse(_background))
        {
            try { process.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
            await process.WaitForExitAsync();
            lock (output) log?.WriteLine($"== background\n{output}");
            process.Dispose();
        }
    }

    [GeneratedRegex(@"^cat > (?<file>\S+) <<(?<quote>')?(?<marker>[A-Z]+)'?$")]
    private static partial Regex HereDocument();

    [GeneratedRegex(@"^(?<name>[A-Z_]+)=\$\((?<command>giggossip .*)\)$")]
    private static partial Regex Capture();

    [GeneratedRegex(@"\$(?:\{(?<b>[A-Z_]+)\}|(?<a>[A-Z_]+))")]
    private static partial Regex Variable();

    [GeneratedRegex("\"(?<d>[^\"]*)\"|'(?<s>[^']*)'|[^ ]+")]
    private static partial Regex WordPattern();
}
