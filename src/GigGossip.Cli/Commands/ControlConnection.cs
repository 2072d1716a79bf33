using System.CommandLine;
using GigGossip.Node.Config;
using GigGossip.Node.Control;
using GigGossip.Node.State;

namespace GigGossip.Cli.Commands;

/// <summary>
/// How a control command finds its node: <c>--node URL --token FILE</c>, or <c>--config FILE</c> (the running
/// node writes its control address into its data directory). Errors are one line: exit 2 for a bad command
/// line or a request the node finds malformed, 1 when the node cannot be reached or refuses.
/// </summary>
internal sealed class ControlConnection
{
    private readonly Option<string?> _node = new("--node") { Description = "The node's control API address, e.g. http://127.0.0.1:9736/" };
    private readonly Option<string?> _token = new("--token") { Description = "The node's control token file (control.token in its data directory)" };
    private readonly Option<string?> _config = new("--config") { Description = "The node's config file, instead of --node and --token" };

    public Command AddTo(Command command)
    {
        command.Add(_node);
        command.Add(_token);
        command.Add(_config);
        return command;
    }

    /// <summary>Connects and runs <paramref name="action"/>, turning every failure into one line on stderr.</summary>
    public Task<int> RunAsync(ParseResult parse, Func<ControlClient, TextWriter, CancellationToken, Task> action, CancellationToken cancellationToken) =>
        RunAsync(parse, async (client, output, token) =>
        {
            await action(client, output, token);
            return 0;
        }, cancellationToken);

    /// <summary>Like the other overload, but the action decides the exit code (e.g. 1 for a payment that failed).</summary>
    public async Task<int> RunAsync(ParseResult parse, Func<ControlClient, TextWriter, CancellationToken, Task<int>> action, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        try
        {
            using var client = Connect(parse);
            return await action(client, parse.InvocationConfiguration.Output, cancellationToken);
        }
        catch (Exception e) when (e is UsageException or ConfigException or SecretFileException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 2;
        }
        catch (ControlClientException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return e.Status == 400 ? 2 : 1;
        }
    }

    private ControlClient Connect(ParseResult parse)
    {
        var node = parse.GetValue(_node);
        var token = parse.GetValue(_token);
        var config = parse.GetValue(_config);
        if (node is not null)
        {
            if (token is null) throw new UsageException("--node needs --token FILE (control.token in the node's data directory)");
            if (!Uri.TryCreate(node, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                throw new UsageException($"--node: '{node}' is not an http URL");
            return new ControlClient(WithSlash(url), SecretFile.ReadToken(token));
        }
        if (config is null) throw new UsageException("give --node URL --token FILE, or --config FILE");
        var loaded = NodeConfig.Load(config);
        string address;
        try
        {
            address = File.ReadAllText(loaded.ControlUrlFile).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ControlClientException($"the node of {config} is not running ({loaded.ControlUrlFile}: {e.Message})", inner: e);
        }
        if (!Uri.TryCreate(address, UriKind.Absolute, out var written)) throw new ControlClientException($"{loaded.ControlUrlFile} does not hold a URL");
        return new ControlClient(WithSlash(written), SecretFile.ReadToken(token ?? loaded.TokenFile));
    }

    private static Uri WithSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}
