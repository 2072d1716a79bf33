using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using GigGossip.Network.Tcp;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Cli.Load;

/// <summary>
/// The relay under test in a child process (`giggossip bench relay-node`) kept to CPU 0 and told it has one processor, so
/// the benchmark's driver and sink (in this process) do not share its core. The child answers one JSON line per command
/// line (<see cref="RelayNodeCommands"/>); its standard error is kept for the message when it fails.
/// </summary>
internal sealed class RelayNodeProcess : IRelayUnderTest
{
    private static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(60);
    private readonly Process _child;
    private readonly Task<string> _errors;

    private RelayNodeProcess(Process child, Task<string> errors, PeerAddress address, bool ownCore)
    {
        _child = child;
        _errors = errors;
        Address = address;
        OwnCore = ownCore;
    }

    public PeerAddress Address { get; }

    public bool OwnCore { get; }

    public static async Task<RelayNodeProcess> StartAsync(CancellationToken cancellationToken)
    {
        var start = ChildStart();
        start.Environment["DOTNET_PROCESSOR_COUNT"] = "1";
        Process child;
        try
        {
            child = Process.Start(start) ?? throw new Win32Exception("no process");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"the relay's process did not start ({start.FileName}): {e.Message}", e);
        }
        var errors = child.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            using var ready = JsonDocument.Parse(await ReadLineAsync(child, errors, cancellationToken));
            var address = PeerAddress.Parse(ready.RootElement.GetProperty(RelayNodeCommands.AddressField).GetString()!);
            return new RelayNodeProcess(child, errors, address, ready.RootElement.GetProperty(RelayNodeCommands.PinnedField).GetBoolean());
        }
        catch
        {
            Stop(child);
            child.Dispose();
            throw;
        }
    }

    public async Task<(SecretKey Key, SignedCertificate Certificate)> NewCertifiedPeerAsync(CancellationToken cancellationToken)
    {
        using var answer = await AskAsync(RelayNodeCommands.Certify, cancellationToken);
        var key = SecretKey.FromBytes(Convert.FromHexString(answer.RootElement.GetProperty(RelayNodeCommands.KeyField).GetString()!));
        var certificate = SignedCertificate.Parser.ParseFrom(ByteString.FromBase64(answer.RootElement.GetProperty(RelayNodeCommands.CertificateField).GetString()!));
        return (key, certificate);
    }

    public async Task WaitForPeerAsync(PublicKey peer, CancellationToken cancellationToken)
    {
        using var _ = await AskAsync($"{RelayNodeCommands.AwaitPeer} {peer.ToHex()}", cancellationToken);
    }

    public async Task<RelayNodeReport> ReportAsync(CancellationToken cancellationToken)
    {
        var line = (await AskAsync(RelayNodeCommands.Report, cancellationToken)).RootElement.GetRawText();
        return JsonSerializer.Deserialize<RelayNodeReport>(line, BenchJson.Options)
            ?? throw new InvalidOperationException("the relay's process sent an empty report");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _child.StandardInput.Close();
            using var limit = new CancellationTokenSource(AnswerLimit);
            await _child.WaitForExitAsync(limit.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            Stop(_child);
        }
        _child.Dispose();
    }

    private async Task<JsonDocument> AskAsync(string command, CancellationToken cancellationToken)
    {
        await _child.StandardInput.WriteLineAsync(command.AsMemory(), cancellationToken);
        await _child.StandardInput.FlushAsync(cancellationToken);
        var answer = JsonDocument.Parse(await ReadLineAsync(_child, _errors, cancellationToken));
        if (answer.RootElement.TryGetProperty(RelayNodeCommands.ErrorField, out var error))
        {
            answer.Dispose();
            throw new InvalidOperationException($"the relay's process refused '{command}': {error.GetString()}");
        }
        return answer;
    }

    private static async Task<string> ReadLineAsync(Process child, Task<string> errors, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(AnswerLimit);
        var line = await child.StandardOutput.ReadLineAsync(limit.Token);
        if (line is not null) return line;
        await child.WaitForExitAsync(limit.Token);
        throw new InvalidOperationException($"the relay's process ended (exit {child.ExitCode}): {(await errors).Trim()}");
    }

    /// <summary>This program again: the same host and assembly (`dotnet exec giggossip.dll` under tests and `dotnet run`).</summary>
    private static ProcessStartInfo ChildStart()
    {
        var assembly = typeof(RelayNodeProcess).Assembly.Location;
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet"
            ? path
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var start = new ProcessStartInfo(host)
        {
            UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var arg in new[] { "exec", assembly, "bench", RelayNodeCommands.Name }) start.ArgumentList.Add(arg);
        return start;
    }

    private static void Stop(Process child)
    {
        try
        {
            if (!child.HasExited) child.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended meanwhile.
        }
    }
}
