using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GigGossip.Cli.Demo;
using GigGossip.Node.Control;
using GigGossip.Settler.Http;
using GigGossip.Wallet;
using GigGossip.Web;
using Microsoft.Extensions.Time.Testing;

namespace GigGossip.Web.Tests;

/// <summary>
/// Pairing a browser, played by an HttpClient with a cookie jar against real daemons: the link from `giggossip web
/// link` carries a one-time code, never the token; the code works once; the cookie is http-only and SameSite=Strict;
/// a cookie alone cannot change state (CSRF), cannot mint links or revoke; revoked and expired sessions get 401.
/// </summary>
public sealed class PairingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed class BrowserLike : IDisposable
    {
        public CookieContainer Cookies { get; } = new();
        public HttpClient Http { get; }

        public BrowserLike(Uri server)
        {
            Http = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = server };
        }

        public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, bool csrf = true)
        {
            using var request = new HttpRequestMessage(method, path);
            if (csrf) request.Headers.Add(WebAccess.CsrfHeader, "1");
            if (body is not null) request.Content = JsonContent.Create(body);
            return await Http.SendAsync(request, Ct);
        }

        public void Dispose() => Http.Dispose();
    }

    private static async Task<Uri> LinkFromCliAsync(WebDemoNetwork network, int node)
    {
        var (exit, output, error) = await Cli.RunAsync(Ct, "web", "link", "--node", network.Nodes[node].ControlUri!.AbsoluteUri, "--token", network.ControlTokenFile(node));
        Assert.True(exit == 0, error);
        var link = Regex.Match(output, @"http://\S+/pair\?code=[A-Za-z0-9_-]+").Value;
        Assert.NotEmpty(link);
        Assert.DoesNotContain(network.Nodes[node].ControlToken!, output);
        Assert.Contains("█", output); // the QR code for a phone
        return new Uri(link);
    }

    [Fact]
    public async Task TheLinkSignsInOnceWithAnHttpOnlyStrictCookieAndNeverCarriesTheToken()
    {
        await using var network = await WebDemoNetwork.StartAsync(nodes: 3, autoDrivers: 0, seed: 3, Ct);
        var link = await LinkFromCliAsync(network, 0);
        using var browser = new BrowserLike(network.Rider.ControlUri!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(HttpMethod.Get, "v1/info")).StatusCode);

        using var paired = await browser.Http.GetAsync(link.PathAndQuery, Ct);
        Assert.Equal(HttpStatusCode.SeeOther, paired.StatusCode);
        Assert.Equal("/app/", paired.Headers.Location!.OriginalString);
        var setCookie = Assert.Single(paired.Headers.GetValues("Set-Cookie"));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(network.Rider.ControlToken!, setCookie);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "v1/info")).StatusCode);

        // The same link a second time, from another browser: refused, and that browser stays out.
        using var other = new BrowserLike(network.Rider.ControlUri!);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.Http.GetAsync(link.PathAndQuery, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.SendAsync(HttpMethod.Get, "v1/info")).StatusCode);
        // A made-up code does nothing either.
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.Http.GetAsync("pair?code=not-a-code", Ct)).StatusCode);
        // The rider's cookie is not the driver's: each node names its own.
        using var toDriver = new HttpClient(new HttpClientHandler { CookieContainer = browser.Cookies }) { BaseAddress = network.Driver.ControlUri };
        Assert.Equal(HttpStatusCode.Unauthorized, (await toDriver.GetAsync("v1/info", Ct)).StatusCode);
    }

    [Fact]
    public async Task ACookieAloneCannotChangeStateMintLinksOrRevoke()
    {
        await using var network = await WebDemoNetwork.StartAsync(nodes: 3, autoDrivers: 0, seed: 4, Ct);
        using var browser = new BrowserLike(network.Driver.ControlUri!);
        await browser.Http.GetAsync(WebDemoNetwork.LinkFor(network.Driver).PathAndQuery, Ct);
        var work = new { area = "r3gx", priceSats = 1000, contact = "call me" };

        // A cross-site form can send the cookie (were it not SameSite) but never a custom header: refused.
        var forged = await browser.SendAsync(HttpMethod.Put, "v1/work", work, csrf: false);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Contains(WebAccess.CsrfHeader, (await forged.Content.ReadFromJsonAsync<ErrorView>(Ct))!.Error);
        Assert.Null(network.Driver.Work);

        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Put, "v1/work", work)).StatusCode);
        Assert.Equal("r3gx", network.Driver.Work?.Area);

        // Only the token holder pairs and revokes.
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(HttpMethod.Post, "v1/web/pairings")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(HttpMethod.Delete, "v1/web/sessions")).StatusCode);
        Assert.Equal(1, network.Driver.WebSessions!.ActiveSessions);
    }

    [Fact]
    public async Task ARevokedSessionGets401()
    {
        await using var network = await WebDemoNetwork.StartAsync(nodes: 3, autoDrivers: 0, seed: 5, Ct);
        using var browser = new BrowserLike(network.Rider.ControlUri!);
        await browser.Http.GetAsync((await LinkFromCliAsync(network, 0)).PathAndQuery, Ct);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "v1/web/rides")).StatusCode);
        var unused = await LinkFromCliAsync(network, 0);

        var (exit, output, error) = await Cli.RunAsync(Ct, "web", "revoke", "--node", network.Rider.ControlUri!.AbsoluteUri, "--token", network.ControlTokenFile(0));
        Assert.True(exit == 0, error);
        Assert.Contains("signed out 1 browser session", output);

        var refused = await browser.SendAsync(HttpMethod.Get, "v1/web/rides");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("expired or was revoked", (await refused.Content.ReadFromJsonAsync<ErrorView>(Ct))!.Error);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(HttpMethod.Get, "v1/events/stream")).StatusCode);
        // Links minted before the revoke are spent too.
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync(unused.PathAndQuery, Ct)).StatusCode);
    }

    [Fact]
    public async Task AnExpiredConsoleSessionGets401AndTheConsoleLinkWorksOnce()
    {
        var directory = Directory.CreateTempSubdirectory("giggossip-web-pairing-").FullName;
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        try
        {
            await using var wallet = await WalletServer.StartAsync(new WalletServerOptions
            {
                LedgerPath = Path.Combine(directory, "wallet.db"),
                AdminTokenFile = Path.Combine(directory, "wallet.token"),
            }, Ct);
            await using var settler = await SettlerServer.StartAsync(new SettlerServerOptions
            {
                Database = Path.Combine(directory, "settler.db"),
                AdminTokenFile = Path.Combine(directory, "settler.token"),
                WalletUri = wallet.BaseUri,
                Time = time,
            }, Ct);
            var (exit, output, error) = await Cli.RunAsync(Ct, "web", "link", "--settler", settler.BaseUri.AbsoluteUri, "--admin-token", Path.Combine(directory, "settler.token"), "--no-qr");
            Assert.True(exit == 0, error);
            Assert.DoesNotContain(settler.AdminToken, output);
            var link = new Uri(Regex.Match(output, @"http://\S+/console-pair\?code=\S+").Value);

            using var browser = new BrowserLike(settler.BaseUri);
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(HttpMethod.Get, "console-session")).StatusCode);
            Assert.Equal(HttpStatusCode.SeeOther, (await browser.Http.GetAsync(link.PathAndQuery, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await new BrowserLike(settler.BaseUri).Http.GetAsync(link.PathAndQuery, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(HttpMethod.Get, "console-session")).StatusCode);
            // The cookie works the admin endpoints, with the CSRF header only.
            var subject = Protocol.Crypto.SecretKey.Generate().PublicKey.ToHex();
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(HttpMethod.Post, "v1/admin/certificates", new { subject }, csrf: false)).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await browser.SendAsync(HttpMethod.Post, "v1/admin/certificates", new { subject })).StatusCode); // not registered: refused by the settler, not by the door

            time.Advance(WebSessions.DefaultSessionLifetime + TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(HttpMethod.Get, "console-session")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await browser.SendAsync(HttpMethod.Post, "v1/admin/certificates", new { subject })).StatusCode);

            // A wrong admin token typed into the sign-in form gets no cookie.
            using var guesser = new BrowserLike(settler.BaseUri);
            Assert.Equal(HttpStatusCode.Forbidden, (await guesser.SendAsync(HttpMethod.Post, "console-login", new { token = new string('0', 64) })).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await guesser.SendAsync(HttpMethod.Get, "console-session")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await guesser.SendAsync(HttpMethod.Post, "console-login", new { token = settler.AdminToken })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await guesser.SendAsync(HttpMethod.Get, "console-session")).StatusCode);
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        }
    }
}
