using System.Net;
using System.Net.Sockets;
using GigGossip.Payments;
using GigGossip.Protocol.Crypto;
using GigGossip.Wallet.Auth;
using GigGossip.Wallet.Client;
using GigGossip.Wallet.Tests.Support;

namespace GigGossip.Wallet.Tests;

/// <summary>
/// Cheat 10, locking everyone out: a client floods GET /v1/auth/challenge so that no one else can sign in. Over
/// real HTTP on Kestrel; the flooders connect from other loopback addresses (127.0.0.x), as other hosts would.
/// </summary>
public sealed class WalletChallengeFloodTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Asks for <paramref name="count"/> challenges, never answering one; returns how many of each status came back.</summary>
    private static async Task<Dictionary<HttpStatusCode, int>> FloodAsync(HttpClient flooder, int count, int parallel = 8)
    {
        var statuses = new Dictionary<HttpStatusCode, int>();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                using var response = await flooder.GetAsync("v1/auth/challenge", Ct);
                lock (statuses) statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            }
        }));
        return statuses;
    }

    [Fact]
    public async Task Flooder_gets_429_and_a_node_starting_meanwhile_still_signs_in()
    {
        await using var world = await HttpWorld.StartAsync(challengeLimits: new ChallengeLimits { PerClient = 16, Total = 1_000 });
        using var flooder = LoopbackClients.From(IPAddress.Parse("127.0.0.2"), world.Server.BaseUri);

        var statuses = await FloodAsync(flooder, 3_000);

        Assert.Equal(16, statuses[HttpStatusCode.OK]);
        Assert.Equal(3_000 - 16, statuses[HttpStatusCode.TooManyRequests]);
        Assert.Equal(16, world.Server.Challenges.Count);
        var node = world.Client(SecretKey.Generate());
        await world.Admin.FundAsync(node.AccountId, 5_000, Ct);
        Assert.Equal(5_000, await node.GetBalanceAsync(Ct));
    }

    [Fact]
    public async Task Flood_from_many_addresses_pushes_out_the_oldest_instead_of_refusing_everyone()
    {
        const int total = 500;
        await using var world = await HttpWorld.StartAsync(challengeLimits: new ChallengeLimits { PerClient = 16, Total = total });
        var flooders = Enumerable.Range(2, 60).Select(i => LoopbackClients.From(IPAddress.Parse($"127.0.0.{i}"), world.Server.BaseUri)).ToList();
        try
        {
            var statuses = await Task.WhenAll(flooders.Select(f => FloodAsync(f, 20, parallel: 2)));

            // 60 addresses x at least 16 = 960 challenges issued into a table of 500: none refused for lack of room
            // (an address whose oldest were pushed out may get more than 16), and nothing but 200 and 429.
            Assert.All(statuses, s => Assert.True(s.GetValueOrDefault(HttpStatusCode.OK) >= 16 && s.Keys.All(k => k is HttpStatusCode.OK or HttpStatusCode.TooManyRequests)));
            Assert.Equal(total, world.Server.Challenges.Count);
            var node = world.Client(SecretKey.Generate());
            Assert.Equal(0, await node.GetBalanceAsync(Ct));
            Assert.True(world.Server.Challenges.Count <= total);
        }
        finally
        {
            foreach (var flooder in flooders) flooder.Dispose();
        }
    }

    [Fact]
    public async Task Node_sharing_the_flooders_address_waits_and_signs_in_once_the_flood_expires()
    {
        await using var world = await HttpWorld.StartAsync(challengeLimits: new ChallengeLimits { PerClient = 16, Total = 1_000 });
        using var flooder = LoopbackClients.From(IPAddress.Loopback, world.Server.BaseUri);
        var statuses = await FloodAsync(flooder, 100);
        Assert.Equal(16, statuses[HttpStatusCode.OK]);

        var refused = new SeesStatus(HttpStatusCode.TooManyRequests);
        using var http = LoopbackClients.From(IPAddress.Loopback, world.Server.BaseUri, refused);
        using var node = new WalletHttpClient(world.Server.BaseUri, SecretKey.Generate(), http)
        {
            ChallengeBackoff = new ChallengeRetry(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5)),
        };
        var balance = node.GetBalanceAsync(Ct);
        await refused.Seen.Task.WaitAsync(Ct);
        Assert.False(balance.IsCompleted);

        world.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(0, await balance);
        Assert.Equal(0, world.Server.Challenges.Count);
    }

    [Fact]
    public async Task Node_gives_up_with_a_clear_refusal_when_the_limit_never_clears()
    {
        await using var world = await HttpWorld.StartAsync(challengeLimits: new ChallengeLimits { PerClient = 2, Total = 1_000 });
        using var flooder = LoopbackClients.From(IPAddress.Loopback, world.Server.BaseUri);
        await FloodAsync(flooder, 10, parallel: 1);

        using var http = LoopbackClients.From(IPAddress.Loopback, world.Server.BaseUri);
        using var node = new WalletHttpClient(world.Server.BaseUri, SecretKey.Generate(), http)
        {
            ChallengeBackoff = new ChallengeRetry(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(2), TimeSpan.FromMilliseconds(10)),
        };

        var refusal = await Assert.ThrowsAsync<WalletException>(() => node.GetBalanceAsync(Ct));
        Assert.Contains("too many unanswered challenges", refusal.Message);
    }

    /// <summary>Completes <see cref="Seen"/> when a response with the status passes through.</summary>
    private sealed class SeesStatus(HttpStatusCode status) : DelegatingHandler
    {
        public TaskCompletionSource Seen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode == status) Seen.TrySetResult();
            return response;
        }
    }
}
