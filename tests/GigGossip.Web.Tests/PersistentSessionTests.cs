using System.Net;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Settler;
using GigGossip.Settler.Client;
using GigGossip.Settler.Http;
using GigGossip.Wallet;
using GigGossip.Wallet.Client;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace GigGossip.Web.Tests;

/// <summary>
/// Browser sessions live in the host's SQLite file: a node or settler restart keeps a paired browser signed in, while
/// logout, `web revoke` and expiry still end it (also across the restart), and the file holds only hashes.
/// </summary>
public sealed class PersistentSessionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("giggossip-web-sessions-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void ASessionOutlivesTheProcessButNotItsEndRevokeOrExpiry()
    {
        var path = NewDatabase();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var before = new WebSessions(time, store: new SqliteWebSessionStore(path));
        var kept = before.Redeem(before.NewCode().Code)!.Value.SessionId;
        var ended = before.Redeem(before.NewCode().Code)!.Value.SessionId;
        var unused = before.NewCode().Code;
        Assert.True(before.End(ended));

        var after = new WebSessions(time, store: new SqliteWebSessionStore(path));
        Assert.True(after.IsValid(kept));
        Assert.False(after.IsValid(ended));
        Assert.Null(after.Redeem(unused)); // one-time codes are not kept: a restart spends them
        Assert.Equal(1, after.ActiveSessions);

        // Only the hash is in the file: a copy of it signs nobody in.
        var stored = Hashes(path);
        Assert.Equal([Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(kept)))], stored);
        Assert.DoesNotContain(kept, File.ReadAllText(path));
        Assert.False(after.IsValid(stored[0]));

        // Expired: not valid, and forgotten by the next start.
        time.Advance(WebSessions.DefaultSessionLifetime + TimeSpan.FromSeconds(1));
        Assert.False(after.IsValid(kept));
        Assert.False(new WebSessions(time, store: new SqliteWebSessionStore(path)).IsValid(kept));
        Assert.Empty(Hashes(path));
    }

    [Fact]
    public void RevokingEverySessionIsKeptAcrossARestart()
    {
        var path = NewDatabase();
        var sessions = new WebSessions(TimeProvider.System, store: new SqliteWebSessionStore(path));
        var a = sessions.Redeem(sessions.NewCode().Code)!.Value.SessionId;
        var b = sessions.Open().SessionId;
        Assert.Equal(2, sessions.RevokeAll());
        var restarted = new WebSessions(TimeProvider.System, store: new SqliteWebSessionStore(path));
        Assert.False(restarted.IsValid(a));
        Assert.False(restarted.IsValid(b));
        Assert.Equal(0, restarted.ActiveSessions);
    }

    [Fact]
    public async Task TheSettlerConsoleSessionSurvivesASettlerRestartUntilRevoked()
    {
        await using var wallet = await StartWalletAsync();
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        await using (var settler = await StartSettlerAsync(wallet))
        {
            var paired = await http.GetAsync(new Uri(settler.BaseUri, "/console-pair?code=" + settler.Console.Sessions.NewCode().Code), Ct);
            Assert.Equal(HttpStatusCode.SeeOther, paired.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(settler.BaseUri, "/v1/admin/jobs"), Ct)).StatusCode);
        }
        await using (var settler = await StartSettlerAsync(wallet))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(settler.BaseUri, "/console-session"), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(settler.BaseUri, "/v1/admin/disputes"), Ct)).StatusCode);
            using var revoke = new HttpRequestMessage(HttpMethod.Delete, new Uri(settler.BaseUri, "/v1/admin/web/sessions"));
            revoke.Headers.Authorization = new("Bearer", settler.AdminToken);
            using var plain = new HttpClient();
            Assert.Equal(HttpStatusCode.OK, (await plain.SendAsync(revoke, Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(settler.BaseUri, "/v1/admin/jobs"), Ct)).StatusCode);
        }
        await using (var settler = await StartSettlerAsync(wallet))
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri(settler.BaseUri, "/v1/admin/jobs"), Ct)).StatusCode);
    }

    [Fact]
    public async Task TheNodeAppSessionSurvivesANodeRestartUntilLogout()
    {
        await using var wallet = await StartWalletAsync();
        await using var settler = await StartSettlerAsync(wallet);
        var key = SecretKey.Generate();
        await settler.Host.RegisterAsync(SubjectProof.Create(SubjectAction.Register, key, settler.Host.PublicKey, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), Ct);
        var identity = new NodeIdentity(key, await settler.Host.IssueCertificateAsync(key.PublicKey, Ct));
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false });
        await using (var node = await StartNodeAsync(identity, wallet, settler))
        {
            Assert.Equal(HttpStatusCode.SeeOther, (await http.GetAsync(new Uri(node.ControlUri!, "/pair?code=" + node.WebSessions!.NewCode().Code), Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(node.ControlUri!, "/v1/web/rides"), Ct)).StatusCode);
        }
        await using (var node = await StartNodeAsync(identity, wallet, settler))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri(node.ControlUri!, "/v1/info"), Ct)).StatusCode);
            using var logout = new HttpRequestMessage(HttpMethod.Post, new Uri(node.ControlUri!, "/v1/web/logout"));
            logout.Headers.Add(WebAccess.CsrfHeader, "1");
            Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(logout, Ct)).StatusCode);
        }
        // The logout is remembered too: the old cookie value (kept by a thief, say) is refused after another restart.
        await using (var node = await StartNodeAsync(identity, wallet, settler))
            Assert.Equal(0, node.WebSessions!.ActiveSessions);
    }

    private string NewDatabase()
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("n") + ".db");
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return path;
    }

    private static List<string> Hashes(string path)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT hash FROM web_sessions";
        using var reader = command.ExecuteReader();
        var hashes = new List<string>();
        while (reader.Read()) hashes.Add(reader.GetString(0));
        return hashes;
    }

    private Task<WalletServer> StartWalletAsync() => WalletServer.StartAsync(new WalletServerOptions
    {
        LedgerPath = Path.Combine(_directory, "wallet.db"),
        AdminTokenFile = Path.Combine(_directory, "wallet.token"),
    }, Ct);

    private Task<SettlerServer> StartSettlerAsync(WalletServer wallet) => SettlerServer.StartAsync(new SettlerServerOptions
    {
        Database = Path.Combine(_directory, "settler.db"),
        AdminTokenFile = Path.Combine(_directory, "settler.token"),
        WalletUri = wallet.BaseUri,
    }, Ct);

    private Task<NodeHost> StartNodeAsync(NodeIdentity identity, WalletServer wallet, SettlerServer settler)
    {
        var settlerClient = new SettlerHttpClient(settler.BaseUri, settler.Host.Uri);
        return NodeHost.StartAsync(new NodeHostOptions
        {
            Identity = identity,
            Wallet = new WalletHttpClient(wallet.BaseUri, identity.Key),
            Settlers = uri => uri == settler.Host.Uri ? settlerClient : null,
            StatePath = Path.Combine(_directory, "node", "state.db"),
            TrustedSettlers = [new TrustedSettlerAddress(settler.Host.Uri, settler.Host.PublicKey)],
            Control = new ControlApiOptions(Path.Combine(_directory, "node", "control.token")),
            PowThreads = 1,
        }, Ct);
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }
}
