using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace GigGossip.Protocol.Tests.Bolt11.Interop;

/// <summary>
/// Runs the npm <c>bolt11</c> package (tests/interop/bolt11/decode.js) on invoices: an independent decoder
/// to cross-check ours. Installs it with <c>npm ci</c> from the committed lockfile when node_modules is
/// missing, and skips the calling test with the reason when node or npm is not available.
/// </summary>
internal static class NpmBolt11Decoder
{
    private static readonly Lazy<(string? Folder, string? SkipReason)> Setup = new(Prepare);

    public sealed record Decoded(
        [property: JsonPropertyName("invoice")] string Invoice,
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("network")] string? Network,
        [property: JsonPropertyName("millisatoshis")] string? Millisatoshis,
        [property: JsonPropertyName("timestamp")] long Timestamp,
        [property: JsonPropertyName("expiry")] long? Expiry,
        [property: JsonPropertyName("paymentHash")] string? PaymentHash,
        [property: JsonPropertyName("paymentSecret")] string? PaymentSecret,
        [property: JsonPropertyName("description")] string? Description,
        [property: JsonPropertyName("minFinalCltvExpiry")] long? MinFinalCltvExpiry,
        [property: JsonPropertyName("payeeNodeKey")] string? PayeeNodeKey,
        [property: JsonPropertyName("signatureVerifies")] bool SignatureVerifies);

    /// <summary>Decodes the invoices with npm bolt11, or skips the test when it cannot run here.</summary>
    public static IReadOnlyList<Decoded> Decode(IReadOnlyList<string> invoices)
    {
        var (folder, skipReason) = Setup.Value;
        if (folder is null) Assert.Skip(skipReason!);
        var (exitCode, output, error) = Run("node", folder, ["decode.js", .. invoices]);
        if (exitCode != 0) throw new InvalidOperationException($"decode.js failed ({exitCode}): {error}");
        return JsonSerializer.Deserialize<List<Decoded>>(output) ?? throw new InvalidOperationException("decode.js printed no JSON");
    }

    private static (string?, string?) Prepare()
    {
        var folder = FindInteropFolder();
        if (folder is null) return (null, "tests/interop/bolt11 not found above the test binaries");
        if (!CanRun("node")) return (null, "node is not installed: the npm bolt11 cross-check needs Node.js (CI installs it with .ci/setup.d/bolt11.sh)");
        if (Directory.Exists(Path.Combine(folder, "node_modules", "bolt11"))) return (folder, null);
        if (!CanRun("npm")) return (null, "npm is not installed: cannot install the npm bolt11 package (CI does it with .ci/setup.d/bolt11.sh)");
        var (exitCode, _, error) = Run("npm", folder, ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
        return exitCode == 0 ? (folder, null) : (null, $"npm ci failed in {folder}, so the npm bolt11 cross-check cannot run: {error.Trim()}");
    }

    private static string? FindInteropFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop", "bolt11");
            if (File.Exists(Path.Combine(candidate, "package-lock.json"))) return candidate;
        }
        return null;
    }

    private static bool CanRun(string tool)
    {
        try
        {
            return Run(tool, Environment.CurrentDirectory, ["--version"]).ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }

    private static (int ExitCode, string Output, string Error) Run(string tool, string folder, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(tool) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}
