using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation.Tests.Privacy;

/// <summary>
/// Unlinkable senders (docs/protocol/privacy.md): every request is signed by a one-time key its settler certified for the
/// node, a batch at a time; never the network key, never twice. Revoking the node revokes its batches.
/// </summary>
public class UnlinkableSenderTests
{
    [Fact]
    public void Every_request_of_a_node_is_signed_by_a_fresh_key_across_batches_and_each_still_gets_its_ride()
    {
        using var line = new RideLine(seed: 1521);
        var keys = new List<PublicKey>();
        line.Net.Interceptor = (from, to, frame) =>
        {
            if (from == line.Sender && World.RequestKey(frame) is { } key) keys.Add(key);
            return frame;
        };
        const int Requests = SenderKeysBatch + 4;

        for (var i = 0; i < Requests; i++)
        {
            var payloadId = World.RequestRide(line.Net, line.Sender);
            line.Net.RunFor(30_000);
            line.Net.Do(line.Sender, new ReportJobDone(payloadId));
            line.Net.RunFor(30_000);
        }

        Assert.Equal(Requests, line.Sender.EventsOf<ContactRevealed>().Count());
        Assert.Equal(Requests, keys.Count);
        Assert.Equal(Requests, keys.Distinct().Count());
        Assert.DoesNotContain(line.Sender.Id, keys);
        // Only the settler can link them: every one is a one-time certificate it issued to the sender.
        var issued = line.Settler.Authority.ExportIssued().Where(c => c.OneTime && c.Subject.Equals(line.Sender.Id)).ToList();
        Assert.True(issued.Count >= Requests, $"{issued.Count} one-time certificates issued for {Requests} requests");
        Assert.Equal(0, line.Net.Ledger.Audit().Totals.HeldMsat);
    }

    /// <summary>What the engine asks for at a time (Roles/SenderKeys.BatchSize); the test crosses a batch boundary.</summary>
    private const int SenderKeysBatch = 8;

    [Fact]
    public void Revoking_the_node_revokes_the_one_time_certificates_it_still_holds()
    {
        using var line = new RideLine(seed: 1522);
        var first = World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(30_000);
        line.Net.Do(line.Sender, new ReportJobDone(first));
        line.Net.RunFor(30_000);
        Assert.Single(line.Sender.EventsOf<ContactRevealed>());

        // The operator revokes the sender's own certificate; the node still holds unused one-time certificates of its batch.
        line.Settler.Authority.Revoke(line.Sender.Engine.Certificate.ReadCertificate().Serial);
        line.Net.RefreshTrust();
        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(30_000);

        Assert.Single(line.Sender.EventsOf<ContactRevealed>());
        Assert.Contains(line.Middleman.EventsOf<FrameRejected>(), r => r.Reason == RejectionReason.CertificateRejected && r.From == line.Sender.Id);
        var revoked = line.Settler.Authority.ExportIssued().Where(c => c.Subject.Equals(line.Sender.Id)).ToList();
        Assert.True(revoked.Count > 2, "the sender has its own and one-time certificates");
        Assert.All(revoked, c => Assert.True(c.Revoked));
        Assert.Equal(0, line.Net.Ledger.Audit().Totals.HeldMsat);
    }
}
