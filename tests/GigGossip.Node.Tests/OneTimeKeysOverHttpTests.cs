using GigGossip.Node.Control;
using GigGossip.Node.Hosting;
using GigGossip.Node.Tests.Support;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;

namespace GigGossip.Node.Tests;

/// <summary>
/// Unlinkable senders (docs/protocol/privacy.md) as deployed: node daemons over TCP whose settler is the settler service over
/// HTTP. A middleman's view of a request names a one-time key, never the node's; revoking the node after a settler restart
/// still reaches the one-time certificates issued before it; a settler from before the endpoint leaves the node on its
/// network key, with a warning.
/// </summary>
public sealed class OneTimeKeysOverHttpTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Middleman_sees_requests_signed_by_one_time_keys_never_the_senders_network_key_and_never_the_same_key_twice()
    {
        await using var net = await HttpSettlerNetwork.StartAsync();
        var sender = await net.AddNodeAsync("sender", control: true);
        await using var middleman = await ListeningPeer.ConnectAsync(sender.Host.Address);
        await sender.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(middleman.Key.PublicKey), cancellationToken: Ct).Within();
        using var api = sender.Control();

        await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        var first = await middleman.NextAskAsync();
        await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u1", 600), Ct);
        var second = await middleman.NextAskAsync();

        var network = sender.Host.Id.Bytes.ToArray();
        var trust = new TrustedSettlers([new TrustedSettler(net.Settler.Host.PublicKey, net.Settler.Host.Uri, await net.SettlerClient.GetRevocationListAsync(Ct))]);
        var keys = new List<byte[]>();
        foreach (var (frame, request) in new[] { first, second })
        {
            Assert.Equal(-1, frame.AsSpan().IndexOf(network));
            var certificate = request.ReadRequestPayload().SenderCertificate;
            Assert.Equal(CertificateVerdict.Valid, CertificateVerifier.Verify(certificate, trust, net.Time.GetUtcNow(), out var parsed));
            Assert.Empty(parsed!.Properties);
            keys.Add(parsed.SubjectPublicKey.ToByteArray());
        }
        Assert.NotEqual(keys[0], keys[1]);
        Assert.Single(sender.Effects.Items, e => e is CallSettler { Request: OneTimeCertificatesRequest });
        Assert.DoesNotContain(sender.Events.Since(0), e => e.Event is NodeWarning);
    }

    [Fact]
    public async Task Revoking_the_node_after_a_settler_restart_makes_a_middleman_refuse_a_request_under_a_one_time_certificate_from_before_it()
    {
        await using var net = await HttpSettlerNetwork.StartAsync();
        var sender = await net.AddNodeAsync("sender", control: true);
        var middleman = await net.AddNodeAsync("middleman");
        await HttpSettlerNetwork.ConnectAsync(sender, middleman);
        using var api = sender.Control();
        var first = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        await middleman.Events.WaitForAsync<BroadcastReceived>(b => b.PayloadId == first.RequestId, cancellationToken: Ct).Within();

        await net.RestartSettlerAsync();
        var revoked = await net.Admin.RevokeAsync(sender.Options.Identity.Certificate.ReadCertificate().Serial.ToByteArray(), Ct);
        Assert.Equal(1 + SenderKeysBatch, revoked.ReadRevocationList().RevokedSerials.Count);
        var refreshedAfter = middleman.Events.LastSequence;
        net.Time.Advance(middleman.Options.TrustRefreshInterval);
        await middleman.Events.WaitForAsync<TrustRefreshed>(t => t.RevokedCertificates == 1 + SenderKeysBatch, refreshedAfter, Ct).Within();

        var rejectedAfter = middleman.Events.LastSequence;
        var second = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u1", 600), Ct);
        var refused = await middleman.Events.WaitForAsync<FrameRejected>(r => r.From.Equals(sender.Host.Id), rejectedAfter, Ct).Within();
        Assert.Equal((RejectionReason.CertificateRejected, "sender certificate: Revoked"), (refused.Reason, refused.Detail));
        Assert.DoesNotContain(middleman.Events.Since(0), e => e.Event is BroadcastReceived b && b.PayloadId == second.RequestId);
        // The refused request was signed under a certificate of the batch issued before the restart: there was only one batch.
        Assert.Single(sender.Effects.Items, e => e is CallSettler { Request: OneTimeCertificatesRequest });
    }

    [Fact]
    public async Task Request_made_while_the_settler_is_down_waits_for_a_one_time_key_and_never_goes_out_under_the_network_key()
    {
        await using var net = await HttpSettlerNetwork.StartAsync();
        var sender = await net.AddNodeAsync("sender", control: true);
        await using var middleman = await ListeningPeer.ConnectAsync(sender.Host.Address);
        await sender.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(middleman.Key.PublicKey), cancellationToken: Ct).Within();
        using var api = sender.Control();
        await net.StopSettlerAsync();

        var ride = await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        var waiting = await sender.Events.WaitForAsync<NodeWarning>(w => w.Message.Contains("no one-time certificates yet"), cancellationToken: Ct).Within();
        await net.StartSettlerAsync();
        net.Time.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));

        var (frame, request) = await middleman.NextAskAsync();
        Assert.Equal(ride.RequestId, Convert.ToHexStringLower(request.ReadRequestPayload().PayloadId.Span));
        Assert.Equal(-1, frame.AsSpan().IndexOf(sender.Host.Id.Bytes));
        Assert.Contains("requests wait for them", waiting.Message);
        Assert.Equal(2, sender.Effects.Items.Count(e => e is CallSettler { Request: OneTimeCertificatesRequest }));
    }

    [Fact]
    public async Task Settler_from_before_the_endpoint_leaves_the_node_on_its_network_key_with_a_warning()
    {
        await using var net = await HttpSettlerNetwork.StartAsync(() => new HttpClient(new EndpointMissing(SettlerEndpointPath)));
        var sender = await net.AddNodeAsync("sender", control: true);
        await using var middleman = await ListeningPeer.ConnectAsync(sender.Host.Address);
        await sender.Events.WaitForAsync<PeerUp>(p => p.Peer.Equals(middleman.Key.PublicKey), cancellationToken: Ct).Within();
        using var api = sender.Control();

        await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        var (_, request) = await middleman.NextAskAsync();

        Assert.Equal(sender.Host.Id.Bytes.ToArray(), request.ReadRequestPayload().SenderCertificate.ReadCertificate().SubjectPublicKey.ToByteArray());
        var warning = await sender.Events.WaitForAsync<NodeWarning>(cancellationToken: Ct).Within();
        Assert.Contains("network key", warning.Message);
        Assert.Contains($"has no {SettlerEndpointPath}", warning.Message);
    }

    private const int SenderKeysBatch = 8;

    private const string SettlerEndpointPath = "/v1/one-time-certificates";

    /// <summary>Sends the one-time certificates call to a path the real settler does not serve, so it answers as a settler from before the endpoint does.</summary>
    private sealed class EndpointMissing(string path) : DelegatingHandler(new HttpClientHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath == path) request.RequestUri = new Uri(request.RequestUri, path + "-not-served-by-older-settlers");
            return base.SendAsync(request, cancellationToken);
        }
    }
}
