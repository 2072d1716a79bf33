using GigGossip.Hosting;
using System.CommandLine;
using GigGossip.Cli.Config;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Settler.Client;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip certificate request --settler URL --key FILE --out FILE [--property NAME]`: registers the key with the
/// settler and gets its certificate, both with a BIP340 proof that the caller holds the key (no operator needed for a
/// certificate without properties). A property the settler's operator has not granted yet is a hint with the exact
/// `settler grant` command to ask for; with --property the command then exits 1.
/// </summary>
public static class CertificateCommand
{
    public static Command Build()
    {
        var settler = ServiceCommands.Required("--settler", "The settler service, e.g. http://127.0.0.1:8082");
        var key = ServiceCommands.Required("--key", "The node's key file (giggossip keys new)");
        var output = ServiceCommands.Required("--out", "Where to write the certificate (the node config's certificateFile)");
        var property = new Option<string?>("--property") { Description = "A property the certificate must carry, e.g. driving_licence for a driver (exit 1 if the operator has not granted it)" };
        var request = new Command("request", "Register a key with a settler and write its certificate (proof of key; properties come from the settler's operator)")
            { settler, key, output, property };
        request.SetAction((parse, ct) => ServiceCommands.RunAsync(parse, async writer =>
        {
            var url = ServiceConfig.HttpUri(parse.GetValue(settler), "--settler");
            var secret = KeyFile.Read(parse.GetValue(key)!);
            using var client = new SettlerHttpClient(url);
            var settlerKey = await client.GetPublicKeyAsync(ct);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            await client.RegisterAsync(secret, now, ct);
            var signed = await client.RequestCertificateAsync(secret, now, ct);
            var path = parse.GetValue(output)!;
            await File.WriteAllTextAsync(path, Convert.ToBase64String(Google.Protobuf.MessageExtensions.ToByteArray(signed)) + Environment.NewLine, ct);
            var certificate = signed.ReadCertificate();
            var properties = certificate.Properties.Keys.Order(StringComparer.Ordinal).ToList();
            await writer.WriteLineAsync($"certificate for {secret.PublicKey} written to {path}");
            await writer.WriteLineAsync($"settler: {client.Uri} key {settlerKey}");
            await writer.WriteLineAsync($"serial: {Convert.ToHexStringLower(certificate.Serial.Span)}  valid until {DateTimeOffset.FromUnixTimeMilliseconds(certificate.NotAfterUnixMs):u}");
            await writer.WriteLineAsync($"properties: {(properties.Count == 0 ? "none (enough to send requests and forward)" : string.Join(", ", properties))}");
            var wanted = parse.GetValue(property);
            var missing = wanted ?? (properties.Count == 0 ? "driving_licence" : null);
            if (missing is null || properties.Contains(missing)) return 0;
            var grant = $"giggossip settler grant --url {client.Uri} --admin-token SETTLER_ADMIN_TOKEN_FILE --subject {secret.PublicKey} --property {missing}";
            if (wanted is null)
            {
                await writer.WriteLineAsync($"next: a driver needs {missing}; the settler's operator runs `{grant}`, then you run this command again");
                return 0;
            }
            await parse.InvocationConfiguration.Error.WriteLineAsync($"error: the certificate does not carry {wanted}: the settler's operator must run `{grant}`; then run this command again");
            return 1;
        }));
        return new Command("certificate", "Get a node certificate from a settler") { request };
    }
}
