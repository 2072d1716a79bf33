using System.Net.Http.Headers;
using CsCheck;
using GigGossip.Node.Hosting;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Settler;
using GigGossip.Settler.Client;
using GigGossip.Settler.Http;

namespace GigGossip.Fuzz.Tests;

/// <summary>A node's control API (Kestrel on port 0) gets mutated bodies and queries: 4xx with a JSON error, never 500, nothing changed.</summary>
public sealed class ControlBodyFuzzTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly string _directory = Directory.CreateTempSubdirectory("giggossip-control-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Control_api_answers_mutated_bodies_with_4xx_and_changes_nothing()
    {
        using var ledger = new LedgerWallet(HodlLedger.OpenInMemory(DateTimeOffset.UtcNow), TimeProvider.System);
        await using var settler = await SettlerServer.StartAsync(new SettlerServerOptions
        {
            Database = Path.Combine(_directory, "settler.db"),
            AdminTokenFile = Path.Combine(_directory, "settler.token"),
            Wallet = k => ledger.OpenAccount(k.PublicKey.ToHex()),
        }, Ct);
        var key = SecretKey.Generate();
        await settler.Host.RegisterAsync(SubjectProof.Create(SubjectAction.Register, key, settler.Host.PublicKey, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()), Ct);
        await settler.Host.GrantAsync(key.PublicKey, CertificateProperties.DrivingLicence, [1], Ct);
        var certificate = await settler.Host.IssueCertificateAsync(key.PublicKey, Ct);
        using var settlerClient = new SettlerHttpClient(settler.BaseUri, settler.Host.Uri);
        await using var host = await NodeHost.StartAsync(new NodeHostOptions
        {
            Identity = new NodeIdentity(key, certificate),
            Wallet = ledger.OpenAccount(key.PublicKey.ToHex()),
            Settlers = uri => uri == settler.Host.Uri ? settlerClient : null,
            StatePath = Path.Combine(_directory, "state.db"),
            TrustedSettlers = [new TrustedSettlerAddress(settler.Host.Uri, settler.Host.PublicKey)],
            WorkSettlerUri = settler.Host.Uri,
            Control = new ControlApiOptions(Path.Combine(_directory, "control.token")),
            PowThreads = 1,
            // A request asks the settler for one-time keys first (issue #15); that answer arrives later and its events would
            // land between another mutation's before and after reads. This test is about the bodies, so requests go out at once.
            Policy = new NodePolicy { OneTimeSenderKeys = false },
        }, Ct);
        using var http = new HttpClient { BaseAddress = host.ControlUri };
        Task<string> State() => Task.FromResult($"{host.Events.LastSequence} {host.Work}");

        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Post, "v1/requests/taxi", "{\"from\":\"r3gx2g5\",\"to\":\"r3gx2u9\",\"pickupInSeconds\":600,\"replyWithinSeconds\":20}", host.ControlToken, State);
        await HttpFuzz.PostMutationsAsync(http, HttpMethod.Put, "v1/work", "{\"area\":\"r3gx\",\"priceSats\":20000,\"contact\":\"call 555-0100\"}", host.ControlToken, State);
        // Reading events is read-only; the node's own timers may still add events meanwhile, so this phase checks that no
        // mutated read made a request or changed the work, by the requests the node holds and its work.
        string ReadState() => $"{host.Events.Since(0).Count(e => e.Event is Protocol.Engine.BroadcastStarted)} {host.Work}";
        await Mutations.OfText("v1/events?after=0&wait=0").SampleAsync(async path =>
        {
            var before = ReadState();
            using var request = new HttpRequestMessage(HttpMethod.Get, Uri.EscapeDataString(path).Replace("%2F", "/").Replace("%3F", "?").Replace("%26", "&").Replace("%3D", "="));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", host.ControlToken);
            using var response = await http.SendAsync(request, Ct);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(status < 500, $"GET {path} answered {status}: {text}");
            // Kestrel itself refuses some malformed request targets with a bare 400 before any handler runs.
            if (status >= 400 && !(status == 400 && text.Length == 0)) HttpFuzz.AssertOneLineJsonError(text, status, path);
            Assert.Equal(before, ReadState());
        }, iter: HttpFuzz.Iterations, threads: 1);
    }
}
