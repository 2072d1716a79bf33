using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace GigGossip.Htlc.Tests.Interop;

/// <summary>
/// Runs tests/interop/bitcoin/check.js (bitcoinjs-lib + tiny-secp256k1, installed by `npm ci` from the committed
/// lockfile). <see cref="Unavailable"/> says why it cannot run when node or npm is missing.
/// </summary>
internal static class NodeScript
{
    private static readonly Lazy<string?> Setup = new(Prepare);

    public static string Directory { get; } = FindDirectory();

    /// <summary>Null when node and the packages are ready, otherwise the reason to skip.</summary>
    public static string? Unavailable => Setup.Value;

    public static JsonArray Run(JsonArray cases)
    {
        var (exit, output, error) = Execute("node", "check.js", new JsonObject { ["cases"] = cases }.ToJsonString());
        if (exit != 0) throw new InvalidOperationException($"node check.js failed ({exit}): {error}");
        return JsonNode.Parse(output)!["results"]!.AsArray();
    }

    private static string? Prepare()
    {
        try
        {
            if (Execute("node", "--version", null).Exit != 0) return "node is installed but does not run";
        }
        catch (Win32Exception)
        {
            return "node is not installed (CI installs it with .ci/setup.d/bitcoin-interop.sh)";
        }
        if (System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "bitcoinjs-lib"))) return null;
        try
        {
            var (exit, _, error) = Execute("npm", "ci --no-audit --no-fund", null);
            return exit == 0 ? null : $"npm ci in {Directory} failed: {error.Trim().Split('\n').LastOrDefault()}";
        }
        catch (Win32Exception)
        {
            return "npm is not installed (CI installs it with .ci/setup.d/bitcoin-interop.sh)";
        }
    }

    private static (int Exit, string Output, string Error) Execute(string file, string arguments, string? input)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = Directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (input is not null) process.StandardInput.Write(input);
        process.StandardInput.Close();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    private static string FindDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop", "bitcoin");
            if (File.Exists(Path.Combine(candidate, "check.js"))) return candidate;
        }
        throw new DirectoryNotFoundException("tests/interop/bitcoin/check.js not found above " + AppContext.BaseDirectory);
    }
}
