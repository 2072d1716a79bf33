using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Simulation.Tests.MoneyRules;

/// <summary>Issue 12's smaller holes: an onion that is not whole layers, and a promise the replier did not check.</summary>
public class OnionAndPromiseTests
{
    [Fact]
    public void Onion_that_is_not_the_fixed_size_is_refused_at_the_first_hop()
    {
        var refusals = RefusalsOfATamperedOnion(seed: 1212,
            payload => payload.FixedBackwardOnion = ByteString.CopyFrom([.. payload.FixedBackwardOnion.Span, 0x00]));

        Assert.Contains(refusals, r => r.Reason == RejectionReason.MalformedOnion);
    }

    [Fact]
    public void Broadcast_from_an_older_node_with_the_growing_onion_is_refused_with_the_reason()
    {
        // The sender speaks version 1: one 80-byte layer in backward_onion, no fixed-size onion.
        var refusals = RefusalsOfATamperedOnion(seed: 1213, payload =>
        {
            payload.BackwardOnion = ByteString.CopyFrom(payload.FixedBackwardOnion.Span[..80]);
            payload.FixedBackwardOnion = ByteString.Empty;
        });

        var refused = Assert.Single(refusals, r => r.Reason == RejectionReason.OldOnionFormat);
        Assert.Contains("must upgrade", refused.Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// A ride whose broadcasts from the sender have their payload changed by <paramref name="tamper"/> on the way to the first
    /// hop; checks that the first hop took no broadcast and forwarded nothing, and that money is unchanged; returns its refusals.
    /// </summary>
    private static IReadOnlyList<FrameRejected> RefusalsOfATamperedOnion(int seed, Action<BroadcastPayload> tamper)
    {
        using var net = new SimulatedNetwork(seed);
        var settler = net.AddSettler(World.SettlerUri);
        var sender = net.AddNode(settler, fundingMsat: World.SenderFunding);
        // No work asked, so the tampered payload's proof still passes and the onion check is the one that must hold.
        var first = net.AddNode(settler, new NodePolicy { PowLeadingZeroBits = 0 });
        var second = net.AddNode(settler);
        net.Connect(sender, first);
        net.Connect(first, second);
        net.Interceptor = (from, to, frame) =>
        {
            if (from != sender || frame.KindCase != Frame.KindOneofCase.PowBroadcast) return frame;
            var payload = BroadcastPayload.Parser.ParseFrom(frame.PowBroadcast.BroadcastPayload);
            tamper(payload);
            var copy = frame.Clone();
            copy.PowBroadcast.BroadcastPayload = payload.ToByteString();
            return copy;
        };
        var total = net.TotalMoneyMsat();

        World.RequestRide(net, sender);
        net.RunFor(30_000);

        Assert.Empty(first.EventsOf<BroadcastReceived>());
        Assert.DoesNotContain(net.Trace, t => t.Contains($"{first} -> {second}", StringComparison.Ordinal));
        Assert.Equal(total, net.TotalMoneyMsat());
        return [.. first.EventsOf<FrameRejected>()];
    }

    [Fact]
    public void Replier_refuses_a_promise_whose_network_invoice_has_no_amount_without_throwing()
    {
        using var line = new RideLine(seed: 1213);
        var (net, sender, driver) = (line.Net, line.Sender, line.Driver);
        net.SettlerAnswerInterceptor = (caller, response) =>
        {
            if (caller != driver || response is not SettlementPromiseIssued issued) return response;
            var invoice = Bolt11Invoice.Decode(issued.SettlerNetworkInvoice);
            var amountless = Bolt11Encoder.Encode(new Bolt11InvoiceDraft(invoice.Network, null, invoice.Timestamp, invoice.PaymentHash,
                invoice.PaymentSecret, "any amount"), SecretKey.Generate().Bytes);
            return issued with { SettlerNetworkInvoice = amountless };
        };

        World.RequestRide(net, sender);
        net.RunFor(30_000);
        net.RunFor(3_600_000);

        Assert.Contains(driver.EventsOf<NodeWarning>(), w => w.Message.Contains("no amount", StringComparison.Ordinal));
        Assert.Empty(driver.EventsOf<ReplySent>());
        Assert.Empty(sender.EventsOf<OfferReceived>());
        Assert.Equal(0, net.Earned(sender));
        Assert.Equal(0, net.Earned(driver));
        Assert.Equal(0, net.Ledger.Audit().Totals.HeldMsat);
    }
}
