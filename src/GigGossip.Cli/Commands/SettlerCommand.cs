using System.CommandLine;
using GigGossip.Cli.Config;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Client;
using GigGossip.Settler.Http;
using GigGossip.Http;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip settler serve|approve|grant|revoke|disputes|info`: the payment settler service and its operator's commands.</summary>
public static class SettlerCommand
{
    public static Command Build()
    {
        var command = new Command("settler", "The payment settler service (certificates, promises, settlement) and its operator commands");
        command.Subcommands.Add(Serve());
        command.Subcommands.Add(Approve());
        command.Subcommands.Add(Grant());
        command.Subcommands.Add(Revoke());
        command.Subcommands.Add(SettlerDisputesCommand.Build());
        command.Subcommands.Add(SettlerInfoCommand.Build());
        return command;
    }

    private static Command Serve()
    {
        var config = ServiceCommands.Required("--config", "JSON config file with a \"settler\" section (env GIGGOSSIP_SETTLER__PORT etc. override it)");
        var db = new Option<string?>("--db") { Description = "Database instead of the config's: a SQLite file or postgres://user:password@host:port/database" };
        var command = new Command("serve", "Run the settler service on its address until Ctrl-C") { config, db };
        command.SetAction((parse, ct) => ServiceCommands.RunAsync(parse, async output =>
        {
            var path = parse.GetValue(config)!;
            var options = SettlerConfig.Load(path, parse.GetValue(db));
            await using var server = await SettlerServer.StartAsync(options, ct);
            await output.WriteLineAsync($"settler {server.Host.PublicKey} listening on {server.BaseUri} as {server.Host.Uri} (admin token in {options.AdminTokenFile})");
            await ServiceCommands.ServeUntilStoppedAsync(server.WaitForShutdownAsync, ct);
        }));
        return command;
    }

    private static Command Grant()
    {
        var (url, token) = Admin();
        var subject = ServiceCommands.Required("--subject", "The registered subject: its x-only public key, hex");
        var property = ServiceCommands.Required("--property", "Property to grant, e.g. driving_licence");
        var value = new Option<string?>("--value") { Description = "The property's value, hex (default 01)" };
        var command = new Command("grant", "Operator: grant a property (the result of KYC) to a registered subject") { url, token, subject, property, value };
        command.SetAction((parse, ct) => ServiceCommands.RunAsync(parse, async output =>
        {
            using var admin = Client(parse, url, token);
            var bytes = parse.GetValue(value) is { } hex ? Hex(hex, "--value") : null;
            var properties = await admin.GrantAsync(Key(parse.GetValue(subject)!), parse.GetValue(property)!, bytes, ct);
            foreach (var (name, granted) in properties.OrderBy(p => p.Key, StringComparer.Ordinal)) await output.WriteLineAsync($"{name}: {granted}");
        }));
        return command;
    }

    private static Command Approve()
    {
        var (url, token) = Admin();
        var subject = ServiceCommands.Required("--subject", "The registered subject: its x-only public key, hex");
        var command = new Command("approve", "Operator: approve a registered subject (under the \"approval\" registration policy it then gets its certificate)")
            { url, token, subject };
        command.SetAction((parse, ct) => ServiceCommands.RunAsync(parse, async output =>
        {
            using var admin = Client(parse, url, token);
            var approved = await admin.ApproveAsync(Key(parse.GetValue(subject)!), ct);
            await output.WriteLineAsync($"approved {approved.PublicKey}");
        }));
        return command;
    }

    private static Command Revoke()
    {
        var (url, token) = Admin();
        var serial = ServiceCommands.Required("--serial", "Serial of the certificate to revoke (16 bytes, hex)");
        var command = new Command("revoke", "Operator: revoke a certificate; the signed revocation list names it from now on") { url, token, serial };
        command.SetAction((parse, ct) => ServiceCommands.RunAsync(parse, async output =>
        {
            using var admin = Client(parse, url, token);
            var bytes = Hex(parse.GetValue(serial)!, "--serial");
            if (bytes.Length != 16) throw new ServiceConfigException($"--serial must be 16 bytes, got {bytes.Length}");
            await admin.RevokeAsync(bytes, ct);
            await output.WriteLineAsync($"revoked {Convert.ToHexStringLower(bytes)}");
        }));
        return command;
    }

    internal static (Option<string> Url, Option<string> Token) Admin() =>
        (ServiceCommands.Required("--url", "The settler service, e.g. http://127.0.0.1:8082"), ServiceCommands.Required("--admin-token", "The settler's admin token file"));

    internal static SettlerAdminClient Client(ParseResult parse, Option<string> url, Option<string> token) =>
        new(ServiceConfig.HttpUri(parse.GetValue(url), "--url"), AdminToken.Read(parse.GetValue(token)!));

    private static PublicKey Key(string hex)
    {
        try { return PublicKey.FromHex(hex.Trim()); }
        catch (CryptoException) { throw new ServiceConfigException("--subject is not an x-only public key (64 hex digits)"); }
    }

    internal static byte[] Hex(string text, string option)
    {
        try { return Convert.FromHexString(text.Trim()); }
        catch (FormatException) { throw new ServiceConfigException($"{option} is not hex"); }
    }
}
