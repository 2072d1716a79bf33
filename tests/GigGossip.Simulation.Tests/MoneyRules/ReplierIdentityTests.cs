using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using Google.Protobuf;

namespace GigGossip.Simulation.Tests.MoneyRules;

/// <summary>
/// Money rules "replies are signed by the replier" and "certificates carry weight": certificates are public, so
/// only a signature by the certificate's subject says who replies, and a taxi reply needs a driving licence. The
/// cheating party plays first; honest others keep every millisatoshi.
/// </summary>
public class ReplierIdentityTests
{
    [Fact]
    public void Impostor_under_a_licensed_drivers_certificate_gets_no_reply_hash_and_no_money()
    {
        using var net = new SimulatedNetwork(seed: 1201);
        var settler = net.AddSettler(World.SettlerUri);
        var sender = net.AddNode(settler, fundingMsat: World.SenderFunding);
        var middleman = net.AddNode(settler);
        var driver = net.AddNode(settler, properties: World.DrivingLicence);
        // The impostor shows the licensed driver's certificate (it travels in every reply) and names the driver's key to the settler.
        var impostor = net.AddNode(settler, worker: World.Driver(contact: "impostor"), presents: driver.Engine.Certificate);
        net.Connect(sender, middleman);
        net.Connect(middleman, impostor);
        net.SettlerCallInterceptor = (caller, request) => caller != impostor ? request : request switch
        {
            ReplyPaymentHashRequest r => r with { Replier = driver.Id },
            SettlementPromiseRequest r => r with { Replier = driver.Id },
            _ => request,
        };
        var total = net.TotalMoneyMsat();

        World.RequestRide(net, sender);
        net.RunFor(30_000);
        net.RunFor(3_600_000);

        Assert.Contains(impostor.EventsOf<NodeWarning>(), w => w.Message.Contains("settler refused a reply hash", StringComparison.Ordinal));
        Assert.Empty(impostor.EventsOf<ReplySent>());
        Assert.Empty(sender.EventsOf<OfferReceived>());
        Assert.Equal(0, net.Earned(impostor));
        Assert.Equal(0, net.Earned(driver));
        Assert.Equal(0, net.Earned(sender));
        Assert.Equal(0, net.BalanceOf(settler));
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
    }

    [Fact]
    public void Sender_checks_the_replier_signature_itself_before_paying()
    {
        using var line = new RideLine(seed: 1202);
        var stranger = SecretKey.Generate();
        PublicKey? requestKey = null;
        // A middleman swaps the sealed signature for one naming the licensed driver's certificate, signed by a stranger's key,
        // sealed to the request's key (which replies are sealed to; it read it in the request).
        line.Net.Interceptor = (from, to, frame) =>
        {
            if (from == line.Middleman) requestKey ??= World.RequestKey(frame);
            if (frame.KindCase != Frame.KindOneofCase.Reply || from != line.Middleman || to != line.Sender) return frame;
            var promise = frame.Reply.SettlementPromise.ReadSettlementPromise();
            var forged = new ReplySignature
            {
                ReplierCertificate = line.Driver.Engine.Certificate,
                HashOfEncryptedReplyMessage = ByteString.CopyFrom(new byte[32]),
                Signature = ByteString.CopyFrom(stranger.Sign(SignatureTags.Reply, ReplySignatures.SignedBytes(promise.PayloadId.Span, new byte[32], "lnbc1"))),
            };
            var copy = frame.Clone();
            copy.Reply.EncryptedReplySignature = ByteString.CopyFrom(SealedBox.Seal(requestKey!, forged.ToByteArray()));
            return copy;
        };

        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(30_000);
        line.Net.RunFor(3_600_000);

        Assert.Contains(line.Rejections(line.Sender), r => r.Reason == RejectionReason.BadReplierSignature);
        Assert.Empty(line.Sender.EventsOf<OfferPaid>());
        Assert.Equal(0, line.Net.Earned(line.Sender));
        Assert.Equal(0, line.Net.Earned(line.Driver));
        Assert.Equal(0, line.Net.Earned(line.Middleman));
        Assert.Equal(0, line.Net.Ledger.Audit().Totals.HeldMsat);
    }

    [Fact]
    public void Sender_refuses_a_reply_that_carries_no_replier_signature()
    {
        using var line = new RideLine(seed: 1203);
        line.Net.Interceptor = (from, to, frame) =>
        {
            if (frame.KindCase != Frame.KindOneofCase.Reply || to != line.Sender) return frame;
            var copy = frame.Clone();
            copy.Reply.EncryptedReplySignature = ByteString.Empty;
            return copy;
        };

        World.RequestRide(line.Net, line.Sender);
        line.Net.RunFor(30_000);

        Assert.Contains(line.Rejections(line.Sender), r => r.Reason == RejectionReason.BadReplierSignature);
        Assert.Empty(line.Sender.EventsOf<OfferPaid>());
        Assert.Equal(0, line.Net.Earned(line.Sender));
    }

    [Fact]
    public void Settler_gives_no_reply_hash_to_a_driver_without_a_driving_licence()
    {
        using var net = new SimulatedNetwork(seed: 1204);
        var settler = net.AddSettler(World.SettlerUri);
        var sender = net.AddNode(settler, fundingMsat: World.SenderFunding, sender: new SenderPolicy { RequiredProperties = JobRequirements.None });
        var middleman = net.AddNode(settler);
        var unlicensed = net.AddNode(settler, worker: World.Driver());
        net.Connect(sender, middleman);
        net.Connect(middleman, unlicensed);
        var total = net.TotalMoneyMsat();

        World.RequestRide(net, sender);
        net.RunFor(30_000);

        Assert.Contains(unlicensed.EventsOf<NodeWarning>(), w => w.Message.Contains(CertificateProperties.DrivingLicence, StringComparison.Ordinal));
        Assert.Empty(sender.EventsOf<OfferReceived>());
        Assert.Equal(0, net.Earned(sender));
        Assert.Equal(0, net.Earned(unlicensed));
        Assert.Equal(total, net.TotalMoneyMsat());
    }

    [Fact]
    public void Sender_refuses_an_unlicensed_driver_even_when_its_settler_lets_it_through()
    {
        using var net = new SimulatedNetwork(seed: 1205);
        var settler = net.AddSettler(World.SettlerUri, new SettlerPolicy { RequiredProperties = JobRequirements.None });
        var sender = net.AddNode(settler, fundingMsat: World.SenderFunding);
        var middleman = net.AddNode(settler);
        var unlicensed = net.AddNode(settler, worker: World.Driver());
        net.Connect(sender, middleman);
        net.Connect(middleman, unlicensed);
        var total = net.TotalMoneyMsat();

        World.RequestRide(net, sender);
        net.RunFor(30_000);
        net.RunFor(3_600_000);

        Assert.Single(unlicensed.EventsOf<ReplySent>());
        Assert.Contains(sender.EventsOf<FrameRejected>(), r => r.Reason == RejectionReason.ReplierLacksProperty);
        Assert.Empty(sender.EventsOf<OfferPaid>());
        Assert.Equal(0, net.Earned(sender));
        Assert.Equal(0, net.Earned(unlicensed));
        Assert.Equal(0, net.Earned(middleman));
        Assert.Equal(total, net.TotalMoneyMsat());
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
    }
}
