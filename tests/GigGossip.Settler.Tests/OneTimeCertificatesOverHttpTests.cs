using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Settler.Storage;
using GigGossip.Settler.Tests.Support;
using Google.Protobuf;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GigGossip.Settler.Tests;

/// <summary>
/// POST /v1/one-time-certificates (docs/protocol/privacy.md, "Unlinkable senders") on the settler service: the batch a node
/// gets is saved under the node, so that revoking the node after a restart still revokes every one-time certificate it holds;
/// a body that cannot be a request is refused with 400 and issues nothing.
/// </summary>
public abstract class OneTimeCertificatesOverHttpTests : IAsyncLifetime
{
    private SettlerWorld _world = null!;

    protected abstract Task<string?> DatabaseAsync();

    /// <summary>Runs SQL on the settler's database while the service is down.</summary>
    protected abstract Task ExecuteAsync(string database, string sql);

    public async ValueTask InitializeAsync() => _world = await SettlerWorld.StartAsync(await DatabaseAsync());

    public async ValueTask DisposeAsync()
    {
        if (_world is not null) await _world.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Batch_issued_before_a_restart_is_revoked_with_the_node_after_it()
    {
        var (node, _) = await _world.CertifyAsync();
        var batch = await BatchAsync(node, 8);
        Assert.Equal(8, batch.Count);

        await _world.RestartAsync();
        var list = await _world.Admin.RevokeAsync(Serial(node), Ct);

        var revoked = list.ReadRevocationList().RevokedSerials;
        Assert.Contains(ByteString.CopyFrom(Serial(node)), revoked);
        Assert.All(batch, c => Assert.Contains(c.ReadCertificate().Serial, revoked));
        await _world.RestartAsync();
        var published = (await _world.Settler.GetRevocationListAsync(Ct)).ReadRevocationList().RevokedSerials;
        Assert.Equal(9, published.Count);
        Assert.All(batch, c => Assert.Contains(c.ReadCertificate().Serial, published));
        var after = Assert.IsType<SettlerRefused>(await _world.Settler.CallAsync(Request(node, Keys(1)), Ct));
        Assert.Equal(SettlerRefusal.Unauthorized, after.Reason);
    }

    [Fact]
    public async Task One_time_certificate_revoked_by_its_serial_after_a_restart_leaves_the_rest_of_the_batch()
    {
        var (node, _) = await _world.CertifyAsync();
        var batch = await BatchAsync(node, 3);

        await _world.RestartAsync();
        var list = await _world.Admin.RevokeAsync(batch[1].ReadCertificate().Serial.ToByteArray(), Ct);

        Assert.Equal([batch[1].ReadCertificate().Serial], list.ReadRevocationList().RevokedSerials);
        Assert.Equal(3, (await BatchAsync(node, 3)).Count);
    }

    [Fact]
    public async Task Bad_bodies_are_refused_with_400_and_issue_nothing()
    {
        var (node, _) = await _world.CertifyAsync();
        var good = Json(Request(node, Keys(2)));
        var key = SecretKey.Generate().PublicKey.ToHex();
        (object Body, string Says)[] bad =
        [
            (good with { SubjectCertificate = null }, "'subjectCertificate' is missing"),
            (good with { SubjectCertificate = "%%%" }, "'subjectCertificate' is not base64"),
            (good with { SubjectCertificate = "/////w==" }, "not a valid SignedCertificate"),
            (good with { Keys = null }, "'keys' is missing"),
            (good with { Keys = [] }, "1 to 32 one-time keys, got 0"),
            (good with { Keys = [.. Enumerable.Range(0, 33).Select(_ => SecretKey.Generate().PublicKey.ToHex())] }, "1 to 32 one-time keys, got 33"),
            (good with { Keys = [key, key] }, "names a key twice"),
            (good with { Keys = [key, "0102"] }, "'keys[1]' is not an x-only public key"),
            (good with { Keys = [key, null] }, "'keys[1]' is missing"),
            (good with { TimestampUnixMs = null }, "'timestampUnixMs' is missing"),
            (good with { Signature = "00" }, "must be 64 bytes"),
        ];
        using var http = new RawHttp(_world.Server.BaseUri);
        foreach (var (body, says) in bad)
            Assert.Contains(says, (await RawHttp.ProblemAsync(await http.PostJsonAsync("v1/one-time-certificates", body), 400)).Message);
        Assert.Contains("not the expected JSON", (await RawHttp.ProblemAsync(await http.SendAsync(HttpMethod.Post, "v1/one-time-certificates", "{\"keys\":"), 400)).Message);
        // Well formed but not signed by the node's key: refused as not authorized, also nothing issued.
        var forged = good with { Signature = Convert.ToHexStringLower(SecretKey.Generate().Sign(SignatureTags.OneTimeCertificates, [1])) };
        Assert.Equal("Unauthorized", (await RawHttp.ProblemAsync(await http.PostJsonAsync("v1/one-time-certificates", forged), 403)).Error);

        // Nothing was issued: revoking the node revokes its own certificate only.
        var list = await _world.Admin.RevokeAsync(Serial(node), Ct);
        Assert.Equal([ByteString.CopyFrom(Serial(node))], list.ReadRevocationList().RevokedSerials);
    }

    [Fact]
    public async Task Database_from_before_one_time_certificates_gets_their_table_at_start()
    {
        var (node, _) = await _world.CertifyAsync();
        await _world.RestartAsync(() => ExecuteAsync(_world.Database, "DROP TABLE one_time_certificates"));
        var batch = await BatchAsync(node, 2);

        await _world.RestartAsync();
        var revoked = (await _world.Admin.RevokeAsync(Serial(node), Ct)).ReadRevocationList().RevokedSerials;

        Assert.All(batch, c => Assert.Contains(c.ReadCertificate().Serial, revoked));
        Assert.Equal(3, revoked.Count);
    }

    private async Task<IReadOnlyList<SignedCertificate>> BatchAsync(SignedCertificate node, int count)
    {
        var request = Request(node, Keys(count));
        var issued = Assert.IsType<OneTimeCertificatesIssued>(await _world.Settler.CallAsync(request, Ct));
        var settler = await _world.Settler.GetPublicKeyAsync(Ct);
        for (var i = 0; i < count; i++)
        {
            var certificate = issued.Certificates[i].ReadCertificate();
            Assert.Equal(request.Keys[i].Bytes.ToArray(), certificate.SubjectPublicKey.ToByteArray());
            Assert.Equal(settler.Bytes.ToArray(), certificate.IssuerPublicKey.ToByteArray());
            Assert.True(settler.Verify(SignatureTags.Certificate, issued.Certificates[i].Certificate.Span, issued.Certificates[i].Signature.Span));
            Assert.Empty(certificate.Properties);
        }
        return issued.Certificates;
    }

    private OneTimeCertificatesRequest Request(SignedCertificate node, IReadOnlyList<PublicKey> keys) =>
        OneTimeCertificatesRequest.Create(_world.SenderKey, node, _world.Server.Host.PublicKey, keys, _world.NowMs);

    private static OneTimeCertificatesRequestJsonFor Json(OneTimeCertificatesRequest request) =>
        new(Convert.ToBase64String(request.SubjectCertificate.ToByteArray()), [.. request.Keys.Select(k => k.ToHex())], request.TimestampUnixMs,
            Convert.ToHexStringLower(request.Signature));

    private static PublicKey[] Keys(int count) => [.. Enumerable.Range(0, count).Select(_ => SecretKey.Generate().PublicKey)];

    private static byte[] Serial(SignedCertificate certificate) => certificate.ReadCertificate().Serial.ToByteArray();

    /// <summary>The request's JSON as a record the test can bend (the service's own record has the same fields).</summary>
    private sealed record OneTimeCertificatesRequestJsonFor(string? SubjectCertificate, string?[]? Keys, long? TimestampUnixMs, string? Signature);
}

public sealed class SqliteOneTimeCertificatesOverHttpTests : OneTimeCertificatesOverHttpTests
{
    protected override Task<string?> DatabaseAsync() => Task.FromResult<string?>(null);

    protected override async Task ExecuteAsync(string database, string sql)
    {
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=false"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }
}

public sealed class PostgresOneTimeCertificatesOverHttpTests(PostgresFixture postgres) : OneTimeCertificatesOverHttpTests
{
    protected override async Task<string?> DatabaseAsync() => await postgres.DatabaseAsync();

    protected override async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresUri.ToConnectionString(database));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }
}
