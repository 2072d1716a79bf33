using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Simulation.Tests.MoneyRules;

/// <summary>Money rule "bound reply invoice": the promise names the exact BOLT 11 string, so a swapped invoice is never paid.</summary>
public class ReplyInvoiceSwapTests
{
    [Fact]
    public void Middleman_who_swaps_the_reply_invoice_for_its_own_on_the_same_hash_and_amount_is_not_paid()
    {
        using var line = new RideLine(seed: 1206);
        var (net, sender, middleman) = (line.Net, line.Sender, line.Middleman);
        string? swapped = null;
        PublicKey? requestKey = null;
        net.Interceptor = (from, to, frame) =>
        {
            // The request's key (a one-time key since issue #15), which replies are sealed to: the middleman read it in the request.
            if (from == middleman) requestKey ??= World.RequestKey(frame);
            if (frame.KindCase != Frame.KindOneofCase.Reply || from != middleman || to != sender) return frame;
            var promise = frame.Reply.SettlementPromise.ReadSettlementPromise();
            // The middleman's own invoice, in its own wallet, on the promised reply hash and the right amount (the promise no
            // longer shows the price, issue #15; this middleman knows it anyway, the worst case).
            swapped = net.Ledger.CreateInvoice(middleman.Account, new HodlInvoiceRequest(PaymentHash.FromBytes(promise.ReplyPaymentHash.ToByteArray()),
                World.DriverPrice, "ride"), DateTimeOffset.FromUnixTimeMilliseconds(net.Now)).Bolt11;
            var copy = frame.Clone();
            copy.Reply.EncryptedReplyInvoice = ByteString.CopyFrom(SealedBox.Seal(requestKey!, System.Text.Encoding.UTF8.GetBytes(swapped)));
            return copy;
        };

        World.RequestRide(net, sender);
        net.RunFor(30_000);
        net.RunFor(3_600_000);

        Assert.NotNull(swapped);
        Assert.Contains(line.Rejections(sender), r => r.Reason == RejectionReason.ReplyInvoiceNotPromised);
        Assert.Empty(sender.EventsOf<OfferPaid>());
        Assert.Equal(0, net.Earned(sender));
        Assert.Equal(0, net.Earned(middleman));
        Assert.Equal(0, net.Earned(line.Driver));
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
    }
}
