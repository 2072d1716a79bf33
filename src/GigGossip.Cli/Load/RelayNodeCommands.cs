using System.Text.Json;
using GigGossip.Protocol.Crypto;
using Google.Protobuf;

namespace GigGossip.Cli.Load;

/// <summary>
/// The child side of <see cref="RelayNodeProcess"/> (kept to CPU 0 by its command): it starts a <see cref="RelayNode"/>, prints
/// one line with its address, then answers each command line on standard input with one JSON line until the input ends.
/// </summary>
internal static class RelayNodeCommands
{
    public const string Name = "relay-node";
    public const string Certify = "certify";
    public const string AwaitPeer = "await-peer";
    public const string Report = "report";
    public const string AddressField = "address";
    public const string PinnedField = "pinned";
    public const string KeyField = "key";
    public const string CertificateField = "certificate";
    public const string ErrorField = "error";

    /// <param name="pinned">Whether the caller kept this process to CPU 0 (reported on the first line).</param>
    public static async Task<int> ServeAsync(TextReader input, TextWriter output, bool pinned, CancellationToken cancellationToken)
    {
        await using var relay = await RelayNode.StartAsync(cancellationToken);
        await WriteAsync(output, new Dictionary<string, object> { [AddressField] = $"{relay.Address.NodeId.ToHex()}@{relay.Address.Host}:{relay.Address.Port}", [PinnedField] = pinned });
        while (await input.ReadLineAsync(cancellationToken) is { } line)
        {
            object answer;
            try
            {
                answer = await AnswerAsync(relay, line.Trim(), cancellationToken);
            }
            catch (Exception e) when (e is not OutOfMemoryException and not OperationCanceledException)
            {
                answer = new Dictionary<string, string> { [ErrorField] = e.Message };
            }
            await WriteAsync(output, answer);
        }
        return 0;
    }

    private static async Task<object> AnswerAsync(RelayNode relay, string line, CancellationToken cancellationToken)
    {
        var (command, argument) = line.IndexOf(' ', StringComparison.Ordinal) is var space and >= 0 ? (line[..space], line[(space + 1)..]) : (line, "");
        switch (command)
        {
            case Certify:
                var (key, certificate) = await relay.NewCertifiedPeerAsync(cancellationToken);
                return new Dictionary<string, string> { [KeyField] = Convert.ToHexStringLower(key.Bytes), [CertificateField] = certificate.ToByteString().ToBase64() };
            case AwaitPeer:
                await relay.WaitForPeerAsync(PublicKey.FromHex(argument), cancellationToken);
                return new Dictionary<string, bool> { ["up"] = true };
            case Report:
                return await relay.ReportAsync(cancellationToken);
            default:
                throw new InvalidOperationException($"unknown command '{command}' (one of {Certify}, {AwaitPeer} KEY, {Report})");
        }
    }

    private static async Task WriteAsync(TextWriter output, object answer)
    {
        await output.WriteLineAsync(JsonSerializer.Serialize(answer, BenchJson.Options));
        await output.FlushAsync();
    }
}
