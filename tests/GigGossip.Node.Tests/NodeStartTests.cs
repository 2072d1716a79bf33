using System.Net;
using System.Net.Sockets;
using GigGossip.Node.Hosting;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Tests;

public sealed class NodeStartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Node_does_not_start_when_its_wallet_does_not_answer()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node");
        await node.Host.DisposeAsync();
        using var gone = new LedgerWallet(HodlLedger.OpenInMemory(net.Time.GetUtcNow()), net.Time);
        var wallet = gone.OpenAccount(node.Wallet.AccountId);
        gone.Dispose();

        var refused = await Assert.ThrowsAsync<NodeStartException>(() => NodeHost.StartAsync(node.Options with { Wallet = wallet }, Ct));

        Assert.Contains($"wallet account {node.Wallet.AccountId} does not answer", refused.Message);
        node.Host = await NodeHost.StartAsync(node.Options, Ct);
    }

    [Fact]
    public async Task Node_does_not_start_when_a_trusted_settler_does_not_answer()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node");
        await node.Host.DisposeAsync();
        var gone = new TestSettler("http://gone.test/", net.Ledger, net.Time);
        await gone.DisposeAsync();
        var options = node.Options with
        {
            Settlers = uri => uri == gone.Uri ? gone : net.Settler,
            TrustedSettlers = [.. node.Options.TrustedSettlers, new TrustedSettlerAddress(gone.Uri, gone.PublicKey)],
        };

        var refused = await Assert.ThrowsAsync<NodeStartException>(() => NodeHost.StartAsync(options, Ct));

        Assert.Contains("trusted settler http://gone.test/ does not answer", refused.Message);
        node.Host = await NodeHost.StartAsync(node.Options, Ct);
    }

    [Fact]
    public async Task Node_does_not_start_when_a_trusted_settler_is_listed_under_another_key()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node");
        await node.Host.DisposeAsync();
        var options = node.Options with { TrustedSettlers = [new TrustedSettlerAddress(net.Settler.Uri, SecretKey.Generate().PublicKey)] };

        var refused = await Assert.ThrowsAsync<NodeStartException>(() => NodeHost.StartAsync(options, Ct));

        Assert.Contains("sent a revocation list that is WrongIssuer", refused.Message);
        node.Host = await NodeHost.StartAsync(node.Options, Ct);
    }

    [Fact]
    public async Task Node_does_not_start_with_a_certificate_for_another_key_or_from_an_untrusted_settler()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node");
        await node.Host.DisposeAsync();
        var other = await net.Settler.CertifyAsync(SecretKey.Generate().PublicKey);
        await using var stranger = new TestSettler("http://stranger.test/", net.Ledger, net.Time);
        var foreign = await stranger.CertifyAsync(node.Host.Id);

        var forOther = await Assert.ThrowsAsync<NodeStartException>(() =>
            NodeHost.StartAsync(node.Options with { Identity = node.Options.Identity with { Certificate = other } }, Ct));
        var untrusted = await Assert.ThrowsAsync<NodeStartException>(() =>
            NodeHost.StartAsync(node.Options with { Identity = node.Options.Identity with { Certificate = foreign } }, Ct));

        Assert.Contains("not this node's key", forOther.Message);
        Assert.Contains("UntrustedIssuer", untrusted.Message);
        node.Host = await NodeHost.StartAsync(node.Options, Ct);
    }

    [Fact]
    public async Task Node_does_not_start_on_a_port_already_taken()
    {
        await using var net = TestNetwork.Create();
        var node = await net.AddNodeAsync("node");
        await node.Host.DisposeAsync();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Server.ExclusiveAddressUse = true;
        taken.Start();

        var refused = await Assert.ThrowsAsync<NodeStartException>(() =>
            NodeHost.StartAsync(node.Options with { ListenEndPoint = (IPEndPoint)taken.LocalEndpoint }, Ct));

        Assert.Contains("cannot listen on", refused.Message);
        node.Host = await NodeHost.StartAsync(node.Options, Ct);
    }

    [Fact]
    public async Task Node_does_not_start_on_another_nodes_state_file()
    {
        await using var net = TestNetwork.Create();
        var a = await net.AddNodeAsync("a");
        var b = await net.AddNodeAsync("b");
        await b.Host.DisposeAsync();

        var refused = await Assert.ThrowsAsync<NodeStartException>(() => NodeHost.StartAsync(b.Options with { StatePath = a.Options.StatePath }, Ct));

        Assert.Contains($"belongs to node {a.Host.Id}", refused.Message);
        b.Host = await NodeHost.StartAsync(b.Options, Ct);
    }

    [Fact]
    public async Task Revoked_sender_is_refused_once_the_middleman_refreshes_its_revocation_list()
    {
        await using var net = TestNetwork.Create();
        var sender = await net.AddNodeAsync("sender", TestNetwork.SenderFundingMsat);
        var middleman = await net.AddNodeAsync("middleman");
        await net.ConnectAsync(middleman, sender);

        await net.Settler.RevokeAsync(sender.Options.Identity.Certificate);
        net.Advance(middleman.Options.TrustRefreshInterval);
        Assert.Equal(1, (await middleman.Events.WaitForAsync<TrustRefreshed>(cancellationToken: Ct).Within()).RevokedCertificates);
        var (topic, deadline) = Control.TaxiTopics.Build(new Control.TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), sender.Host.NowUnixMs, 7);
        await sender.Host.DoAsync(new BroadcastTopic(topic, deadline), Ct);

        var rejected = await middleman.Events.WaitForAsync<FrameRejected>(cancellationToken: Ct).Within();
        Assert.Equal(RejectionReason.CertificateRejected, rejected.Reason);
        Assert.Contains("Revoked", rejected.Detail);
    }

    [Fact]
    public async Task Settler_that_stops_answering_is_a_warning_and_the_sender_keeps_asking()
    {
        await using var net = TestNetwork.Create();
        var sender = await net.AddNodeAsync("sender", TestNetwork.SenderFundingMsat);
        var middleman = await net.AddNodeAsync("middleman");
        var driver = await net.AddNodeAsync("driver", work: TestNetwork.Driver());
        await net.ConnectAsync(middleman, sender);
        await net.ConnectAsync(middleman, driver);
        var (topic, deadline) = Control.TaxiTopics.Build(new Control.TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), sender.Host.NowUnixMs, 7);
        await sender.Host.DoAsync(new BroadcastTopic(topic, deadline), Ct);
        var offer = (await sender.Events.WaitForAsync<OfferReceived>(cancellationToken: Ct).Within()).Offer;
        await sender.Host.DoAsync(new AcceptOffer(offer.OfferId), Ct);
        await Rides.MoneyLockedAsync(net, sender, driver);

        await net.Settler.DisposeAsync();
        net.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));

        var warning = await sender.Events.WaitForAsync<NodeWarning>(cancellationToken: Ct).Within();
        Assert.Contains($"settler {net.Settler.Uri} did not answer KeyRevealRequest", warning.Message);
        await sender.TimerSetAsync<KeyReveal>(count: 2);
        Assert.DoesNotContain(sender.Events.Since(0), e => e.Event is ContactRevealed);
    }
}
