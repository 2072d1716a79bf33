using GigGossip.Hosting;
using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json;
using GigGossip.Http;
using QRCoder;

namespace GigGossip.Cli.Commands;

/// <summary>
/// `giggossip web link|revoke`: pair a browser with a node (or, with --settler, with a settler's console) through a
/// one-time link, printed with a QR code for a phone; or end every browser session. The token never goes in the link.
/// </summary>
public static class WebCommand
{
    public static Command Build()
    {
        var web = new Command("web", "Pair a browser with the node's app (or a settler's console), or sign browsers out");
        web.Add(Link());
        web.Add(Revoke());
        return web;
    }

    private static Command Link()
    {
        var connection = new ControlConnection();
        var (settler, adminToken) = SettlerOptions();
        var noQr = new Option<bool>("--no-qr") { Description = "Print only the link, no QR code" };
        var command = connection.AddTo(new Command("link", "Print a one-time link (and a QR code) that signs a browser in") { settler, adminToken, noQr });
        command.SetAction((parse, ct) => parse.GetValue(settler) is { } settlerUrl
            ? RunSettlerAsync(parse, settlerUrl, parse.GetValue(adminToken), async (http, output, token) =>
            {
                using var response = await http.PostAsync("v1/admin/web/pairings", null, token);
                var pairing = await ReadAsync(response, token);
                Print(output, new Uri(http.BaseAddress!, pairing.GetProperty("path").GetString()!), pairing.GetProperty("expiresAtUnixMs").GetInt64(), parse.GetValue(noQr));
            }, ct)
            : connection.RunAsync(parse, async (client, output, token) =>
            {
                var pairing = await client.PairAsync(token);
                Print(output, new Uri(client.Node, pairing.Path), pairing.ExpiresAtUnixMs, parse.GetValue(noQr));
            }, ct));
        return command;
    }

    private static Command Revoke()
    {
        var connection = new ControlConnection();
        var (settler, adminToken) = SettlerOptions();
        var command = connection.AddTo(new Command("revoke", "End every browser session and spend every open link") { settler, adminToken });
        command.SetAction((parse, ct) => parse.GetValue(settler) is { } settlerUrl
            ? RunSettlerAsync(parse, settlerUrl, parse.GetValue(adminToken), async (http, output, token) =>
            {
                using var response = await http.DeleteAsync("v1/admin/web/sessions", token);
                var revoked = await ReadAsync(response, token);
                await output.WriteLineAsync($"signed out {revoked.GetProperty("revoked").GetInt32()} console session(s)");
            }, ct)
            : connection.RunAsync(parse, async (client, output, token) =>
            {
                var revoked = await client.RevokeWebSessionsAsync(token);
                await output.WriteLineAsync($"signed out {revoked.Revoked} browser session(s)");
            }, ct));
        return command;
    }

    private static (Option<string?> Settler, Option<string?> AdminToken) SettlerOptions() => (
        new Option<string?>("--settler") { Description = "A settler service's address: pair with its operator console instead of a node" },
        new Option<string?>("--admin-token") { Description = "The settler's admin token file (with --settler)" });

    private static void Print(TextWriter output, Uri link, long expiresAtUnixMs, bool noQr)
    {
        output.WriteLine($"open this link once, within {Minutes(expiresAtUnixMs)} min (it signs the browser in; the token stays here):");
        output.WriteLine(link);
        if (noQr) return;
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(link.AbsoluteUri, QRCodeGenerator.ECCLevel.L);
        output.WriteLine(new AsciiQRCode(data).GetGraphicSmall());
    }

    private static long Minutes(long expiresAtUnixMs) => Math.Max(1, (expiresAtUnixMs - DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 30_000) / 60_000);

    private static async Task<int> RunSettlerAsync(ParseResult parse, string settler, string? tokenFile, Func<HttpClient, TextWriter, CancellationToken, Task> action,
        CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        if (!Uri.TryCreate(settler.EndsWith('/') ? settler : settler + "/", UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
            return CliErrors.Fail(parse, $"--settler: '{settler}' is not an http URL");
        if (tokenFile is null) return CliErrors.Fail(parse, "--settler needs --admin-token FILE (the settler's admin token file)");
        string token;
        try
        {
            token = AdminToken.Read(tokenFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or GigGossip.Hosting.KeyFileException)
        {
            return CliErrors.Fail(parse, $"--admin-token: {e.Message}");
        }
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            await action(http, parse.InvocationConfiguration.Output, cancellationToken);
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException or KeyNotFoundException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            await error.WriteLineAsync($"error: the settler at {baseUri}: {e.Message}");
            return 1;
        }
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"answered {(int)response.StatusCode}: {(text.Length > 200 ? text[..200] : text)}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
