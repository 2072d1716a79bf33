using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation.Tests.Privacy;

/// <summary>
/// The curious middleman (issue #15): on a line of six (sender, four middlemen, driver) a ride runs to the end through the
/// real engines, and each middleman's complete view (every frame it saw, everything in them it can parse or open) is
/// searched for what it must not learn.
/// </summary>
public class MiddlemanViewTests
{
    private sealed class Ride : IDisposable
    {
        public Ride(int seed)
        {
            Net = new SimulatedNetwork(seed);
            Settler = Net.AddSettler(World.SettlerUri);
            Sender = Net.AddNode(Settler, fundingMsat: World.SenderFunding, properties: new Dictionary<string, byte[]> { [LegalNameProperty] = LegalName });
            Middlemen = [.. Enumerable.Range(0, 4).Select(_ => Net.AddNode(Settler))];
            Driver = Net.AddNode(Settler, worker: World.Driver(price: Price), properties: World.DrivingLicence);
            Net.Connect(Topology.Line(6));
            Views = [.. Middlemen.Select(m => new MiddlemanView(m))];
            Net.Interceptor = (from, to, frame) =>
            {
                foreach (var view in Views) view.Saw(from, to, frame);
                return frame;
            };
            Total = Net.TotalMoneyMsat();
            PayloadId = World.RequestRide(Net, Sender);
            Net.RunFor(30_000);
            Assert.Single(Sender.EventsOf<ContactRevealed>());
            Net.Do(Sender, new ReportJobDone(PayloadId));
            Net.RunFor(30_000);
        }

        public const string LegalNameProperty = "legal_name";

        /// <summary>The sender's KYC fact, which its settler certified.</summary>
        public static readonly byte[] LegalName = System.Text.Encoding.UTF8.GetBytes("Alice Q. Example");

        /// <summary>A price no fee or amount of the run adds up to by chance.</summary>
        public const long Price = 23_456_789;

        public SimulatedNetwork Net { get; }
        public SimSettler Settler { get; }
        public SimNode Sender { get; }
        public List<SimNode> Middlemen { get; }
        public SimNode Driver { get; }
        public List<MiddlemanView> Views { get; }
        public long Total { get; }
        public string PayloadId { get; }

        /// <summary>The network preimage as the settler publishes it to anyone (every middleman also settles with it).</summary>
        public byte[] PublishedNetworkPreimage()
        {
            var reply = Views[0].Frames.First(f => f.KindCase == Frame.KindOneofCase.Reply);
            var hash = Convert.ToHexStringLower(reply.Reply.SettlementPromise.ReadSettlementPromise().NetworkPaymentHash.Span);
            return Settler.Engine.PublishedPreimages[hash];
        }

        public void Dispose()
        {
            Assert.Equal(Total, Net.TotalMoneyMsat());
            Assert.Equal(0, Net.Ledger.Audit().Totals.HeldMsat);
            Net.Dispose();
        }
    }

    [Fact]
    public void No_middleman_learns_the_price_and_the_sender_still_pays_exactly_it()
    {
        using var ride = new Ride(seed: 1511);

        foreach (var view in ride.Views)
        {
            Assert.Contains(view.Frames, f => f.KindCase == Frame.KindOneofCase.Reply);
            Assert.False(view.FindsNumber(Ride.Price), $"{view.Middleman} found the price in what it saw");
        }
        // The sender took the price from the sealed reply invoice, and paid exactly it.
        Assert.Equal(Ride.Price, Assert.Single(ride.Sender.EventsOf<ContactRevealed>()).PriceMsat);
        Assert.Equal(Ride.Price + new NodePolicy().RoutingFeeMsat, ride.Net.Earned(ride.Driver));
    }

    [Fact]
    public void Middleman_who_knows_the_published_network_key_still_does_not_learn_the_replier()
    {
        using var ride = new Ride(seed: 1512);
        var preimage = ride.PublishedNetworkPreimage();

        foreach (var view in ride.Views)
        {
            // The key opens the outer layer (the money rule's lock) ...
            Assert.True(view.OpenWith(preimage) > 0);
            // ... but the replier's certificate, key and invoice inside are sealed to the sender.
            Assert.False(view.FindsKey(ride.Driver.Id), $"{view.Middleman} found the replier's key after settlement");
            Assert.False(view.FindsNumber(Ride.Price), $"{view.Middleman} found the price after settlement");
        }
        Assert.Equal(ride.Driver.Id, Assert.Single(ride.Sender.EventsOf<ContactRevealed>()).Replier);
    }

    [Fact]
    public void No_middleman_learns_the_senders_network_key_or_its_properties()
    {
        using var ride = new Ride(seed: 1513);

        foreach (var view in ride.Views)
        {
            Assert.Contains(view.Frames, f => f.KindCase == Frame.KindOneofCase.PowBroadcast);
            Assert.False(view.FindsKey(ride.Sender.Id), $"{view.Middleman} found the sender's network key");
            Assert.False(view.Finds(ride.Sender.Engine.Certificate.ReadCertificate().Serial.Span), $"{view.Middleman} found the serial of the sender's certificate");
            Assert.False(view.Finds(Ride.LegalName), $"{view.Middleman} found the sender's legal name");
            Assert.False(view.Finds(System.Text.Encoding.UTF8.GetBytes(Ride.LegalNameProperty)), $"{view.Middleman} found the name of the sender's property");
        }
        // What the network saw is a valid one-time certificate from the trusted settler, which only that settler links to the sender.
        var requestKey = World.RequestKey(ride.Views[0].Frames.First(f => f.KindCase == Frame.KindOneofCase.PowBroadcast))!;
        Assert.NotEqual(ride.Sender.Id, requestKey);
        Assert.Contains(ride.Settler.Authority.ExportIssued(), c => c.OneTime && c.Subject.Equals(ride.Sender.Id));
    }

    [Fact]
    public void The_senders_certificate_on_the_wire_carries_padded_commitments_that_a_guess_does_not_open()
    {
        using var ride = new Ride(seed: 1514);
        var broadcast = ride.Views[^1].Frames.First(f => f.KindCase == Frame.KindOneofCase.PowBroadcast);
        var certificate = broadcast.PowBroadcast.ReadBroadcastPayload().SignedRequestPayload.ReadRequestPayload().SenderCertificate.ReadCertificate();

        Assert.Empty(certificate.Properties);
        Assert.Equal(Protocol.Certificates.CertificateCommitments.PaddedCount, certificate.PropertyCommitments.Count);
        var opening = new PropertyOpening { Name = Ride.LegalNameProperty, Value = Google.Protobuf.ByteString.CopyFrom(Ride.LegalName) };
        // Without the salt (only the sender and the settler hold it) a guess of the value does not open the commitment.
        opening.Salt = Google.Protobuf.ByteString.CopyFrom(new byte[Protocol.Certificates.CertificateCommitments.SaltLength]);
        Assert.False(Protocol.Certificates.CertificateCommitments.Opens(certificate, opening));
    }
}
