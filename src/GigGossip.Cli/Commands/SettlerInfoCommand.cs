using System.CommandLine;
using GigGossip.Cli.Config;
using GigGossip.Settler.Client;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip settler info --settler URL [--json]`: the settler's URI and public key (what a node's trustedSettlers names).</summary>
public static class SettlerInfoCommand
{
    public static Command Build()
    {
        var settler = ServiceCommands.Required("--settler", "The settler service, e.g. http://127.0.0.1:8082");
        var json = JsonOutput.Option();
        var command = new Command("info", "Print a settler's URI and public key (compare the key with what its operator told you)") { settler, json };
        command.SetAction((parse, ct) => ServiceCommands.RunAsync(parse, async output =>
        {
            using var client = new SettlerHttpClient(ServiceConfig.HttpUri(parse.GetValue(settler), "--settler"));
            var key = await client.GetPublicKeyAsync(ct);
            if (parse.GetValue(json)) await JsonOutput.WriteAsync(output, new { uri = client.Uri, publicKey = key.ToHex() });
            else await output.WriteLineAsync(key.ToHex());
        }));
        return command;
    }
}
