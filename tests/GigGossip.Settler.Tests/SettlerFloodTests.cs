using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Settler.Http;
using GigGossip.Settler.Tests.Support;
using GigGossip.Http;

namespace GigGossip.Settler.Tests;

/// <summary>
/// Cheat 11, flooding the settler: unauthenticated calls that make records are limited per client (remote
/// address), over real HTTP; the flooder connects from 127.0.0.2, honest nodes from 127.0.0.1.
/// </summary>
public sealed class SettlerFloodTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Flooder_of_reply_hash_calls_gets_429_while_an_honest_ride_is_served()
    {
        await using var world = await SettlerWorld.StartAsync(clientLimits: new SettlerClientLimits { Burst = 20, PerMinute = 1 });
        var ride = await Ride.CertifiedAsync(world);
        using var flooder = LoopbackClients.From(IPAddress.Parse("127.0.0.2"), world.Server.BaseUri);
        var statuses = new List<HttpStatusCode>();
        var problems = new List<Problem>();

        for (var i = 0; i < 200; i++)
        {
            // Each call names a new replier: on a settler without limits, each would be a new persisted record.
            var body = new ReplyPaymentHashRequestJson(SettlerWire.Base64(ride.Request), SecretKey.Generate().PublicKey.ToHex());
            using var response = await flooder.PostAsJsonAsync("v1/reply-payment-hash", body, ServiceJson.Options, Ct);
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
                problems.Add((await response.Content.ReadFromJsonAsync<Problem>(ServiceJson.Options, Ct))!);
            }
        }

        var served = statuses.Count(s => s != HttpStatusCode.TooManyRequests);
        Assert.InRange(served, 20, 25);
        Assert.All(problems, p => Assert.Equal("TooManyRequests", p.Error));
        Assert.InRange((await world.Server.Host.ExportAsync(Ct)).Replies.Count, 0, served);

        await ride.PromisedAsync();
        await ride.PaidAsync();
        Assert.IsType<KeyRevealed>(await world.Settler.CallAsync(ride.KeyReveal(), Ct));
    }

    [Fact]
    public async Task Registration_flood_is_limited_per_client_too()
    {
        await using var world = await SettlerWorld.StartAsync(clientLimits: new SettlerClientLimits { Burst = 5, PerMinute = 1 });
        using var flooder = LoopbackClients.From(IPAddress.Parse("127.0.0.2"), world.Server.BaseUri);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 40; i++)
        {
            var proof = SubjectProof.Create(SubjectAction.Register, SecretKey.Generate(), world.Server.Host.PublicKey, world.NowMs);
            using var response = await flooder.PostAsJsonAsync("v1/subjects",
                new SubjectProofJson(proof.Subject.ToHex(), proof.TimestampUnixMs, Convert.ToHexStringLower(proof.Signature)), ServiceJson.Options, Ct);
            statuses.Add(response.StatusCode);
        }

        Assert.InRange(statuses.Count(s => s != HttpStatusCode.TooManyRequests), 5, 8);
        Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= 32);
        await world.CertifyAsync();
    }
}
