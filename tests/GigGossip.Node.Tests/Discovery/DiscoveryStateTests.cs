using GigGossip.Network.Peers;
using GigGossip.Network.Tcp;
using GigGossip.Network.Noise;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Peers;

namespace GigGossip.Node.Tests.Discovery;

/// <summary>Discovery's state in the node's state file: the address book, scores and anchors survive a restart; anchors are dialled first.</summary>
public sealed class DiscoveryStateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_a_restart_the_book_is_restored_and_the_anchors_are_dialled_before_any_other_address()
    {
        await using var net = TestNetwork.Create();
        var a = await net.AddNodeAsync("a", configure: DiscoveryNet.On());
        var b = await net.AddNodeAsync("b", configure: DiscoveryNet.On());
        var others = new List<TestNode>();
        for (var i = 0; i < 4; i++) others.Add(await net.AddNodeAsync($"other{i}", configure: DiscoveryNet.On([a])));
        foreach (var other in others) await DiscoveryNet.RecordsFromAsync(a, other);

        var effects = new AsyncLog<PeerManagerEffect>();
        var quota = new PeerManagerOptions { OutboundQuota = 2, Anchors = 2 };
        var n = await net.AddNodeAsync("n", policy: DiscoveryNet.Scoring,
            configure: DiscoveryNet.On([a, b], quota, o => o with { PeerEffectObserver = effects.Add }));
        await DiscoveryNet.RecordsFromAsync(n, a, atLeast: 2); // a's answer: its own record and the others'
        var book = await DiscoveryNet.QueryAsync(n, (m, _) => m.Book.Entries.Select(e => e.Record.NodeKey).ToHashSet());
        Assert.Superset(others.Select(o => o.Host.Id).Append(a.Host.Id).ToHashSet(), book);
        Assert.Equal([a.Host.Id, b.Host.Id], effects.Items.OfType<PeerManagerEffect.Dial>().Select(d => d.Node)); // bootstrap, in order

        var dialledBefore = effects.Items.Count;
        await net.RestartAsync(n);

        var dials = (await effects.WaitForAsync(e => e is PeerManagerEffect.Dial, count: effects.Items.OfType<PeerManagerEffect.Dial>().Count() + 2))
            .OfType<PeerManagerEffect.Dial>().Skip(2).Take(2).Select(d => d.Node).ToHashSet();
        Assert.Equal(new HashSet<PublicKey> { a.Host.Id, b.Host.Id }, dials);
        Assert.True(effects.Items.Count > dialledBefore);
        var restored = await DiscoveryNet.QueryAsync(n, (m, _) => m.Book.Entries.Select(e => e.Record.NodeKey).ToHashSet());
        Assert.Superset(book, restored);
    }

    [Fact]
    public async Task One_operators_flood_of_signed_records_fills_one_bucket_and_its_forgery_costs_it_a_score_kept_across_reconnects_and_restarts()
    {
        await using var net = TestNetwork.Create();
        var n = await net.AddNodeAsync("n", policy: DiscoveryNet.Scoring,
            configure: o => o with { Discovery = new Peering.PeerDiscoveryOptions() }); // loopback is one network group, as one operator's machines are
        var rogue = SecretKey.Generate();
        var serial = 0;
        PeerRecord Fresh() { serial++; return PeerRecord.Sign(SecretKey.Generate(), $"10.1.{serial / 250}.{serial % 250 + 1}:9735", TestNetwork.StartUnixMs); }

        // First connection: a list of 31 records and one forgery (another key's record at the rogue's address), then 40 more lists unasked.
        var forged = Fresh() with { Address = "10.1.255.1:9735" };
        var peer = await ConnectAsync(n, rogue);
        var after = n.Events.LastSequence;
        await peer.SendRecordsAsync(PeerRecordsCodec.Encode([.. Enumerable.Range(0, 31).Select(_ => Fresh()), forged]), Ct);
        var first = await n.Events.WaitForAsync<PeerRecordsReceived>(r => r.From.Equals(rogue.PublicKey), after, Ct).Within();
        Assert.Equal(32, first.Received);
        for (var i = 0; i < 40; i++) await peer.SendRecordsAsync(PeerRecordsCodec.Encode(Enumerable.Range(0, 32).Select(_ => Fresh())), Ct);
        await AnsweredAsync(peer); // everything the rogue sent before its request has been handled
        Assert.Single(n.Events.Since(after).Select(e => e.Event).OfType<PeerRecordsReceived>());
        await DisconnectAsync(n, rogue, peer);
        // Reconnecting brings one more unasked list each time, and a clean slate never.
        for (var round = 0; round < 5; round++)
        {
            after = n.Events.LastSequence;
            peer = await ConnectAsync(n, rogue);
            await peer.SendRecordsAsync(PeerRecordsCodec.Encode(Enumerable.Range(0, 32).Select(_ => Fresh())), Ct);
            await n.Events.WaitForAsync<PeerRecordsReceived>(r => r.From.Equals(rogue.PublicKey), after, Ct).Within();
            await DisconnectAsync(n, rogue, peer);
        }

        var bucketSize = new AddressBookOptions().BucketSize;
        var (count, penalty) = await DiscoveryNet.QueryAsync(n, (m, now) => (m.Book.Count, m.Scores.Parts(rogue.PublicKey, now).InvalidFrames));
        Assert.True(serial > 1_400);
        Assert.InRange(count, 1, bucketSize);
        Assert.Equal(new PeerScoreParams().InvalidFrameWeight, penalty);

        await net.RestartAsync(n);
        var (restoredCount, restoredPenalty) = await DiscoveryNet.QueryAsync(n, (m, now) => (m.Book.Count, m.Scores.Parts(rogue.PublicKey, now).InvalidFrames));
        Assert.Equal(count, restoredCount);
        Assert.Equal(penalty, restoredPenalty);
    }

    /// <summary>Closes the rogue's connection and waits until the node has let it go, so the next connection is a new one.</summary>
    private static async Task DisconnectAsync(TestNode node, SecretKey key, PeerConnection peer)
    {
        var before = node.Events.LastSequence;
        await peer.DisposeAsync();
        await node.Events.WaitForAsync<PeerDown>(p => p.Peer.Equals(key.PublicKey), before, Ct).Within();
    }

    private static async Task<PeerConnection> ConnectAsync(TestNode node, SecretKey key)
    {
        var after = node.Events.LastSequence;
        var connection = await NoiseConnection.ConnectAsync(node.Host.Address, key, null, Ct).Within();
        var peer = PeerConnection.Start(connection, new PeerConnectionOptions { PingInterval = Timeout.InfiniteTimeSpan });
        await node.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(key.PublicKey), after, Ct).Within();
        var own = await peer.Exchange.ReadAsync(Ct).AsTask().Within(); // the node's own record, sent as it connects
        Assert.Equal(node.Host.Id, Assert.Single(PeerRecordsCodec.Decode(own.Body).Records).NodeKey);
        return peer;
    }

    /// <summary>Asks for addresses until an answer comes (a request may be dropped behind a full exchange queue).</summary>
    private static async Task AnsweredAsync(PeerConnection peer)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await peer.RequestRecordsAsync(Ct);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            wait.CancelAfter(TimeSpan.FromMilliseconds(500));
            try
            {
                if ((await peer.Exchange.ReadAsync(wait.Token)).Type == PeerMessageType.PeerRecords) return;
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
            }
        }
        Assert.Fail("the node never answered a request for addresses");
    }
}
