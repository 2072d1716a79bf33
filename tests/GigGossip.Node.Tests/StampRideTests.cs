using GigGossip.Node.Control;
using GigGossip.Node.Tests.Hostile;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Tests;

/// <summary>
/// The sender's stamp between daemons over real TCP (issue #17): with <c>stampBits</c> on every node the sender's host solves
/// the stamp and the ride completes with every balance exact; a sender that makes none is refused by a middleman that
/// requires one.
/// </summary>
public sealed class StampRideTests
{
    private const int StampBits = 10;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stamped_ride_is_offered_paid_and_settled_over_tcp_with_every_balance_exact()
    {
        await using var net = TestNetwork.Create();
        var line = await HonestLine.StartAsync(net, policy: new NodePolicy { StampBits = StampBits });

        await line.RideAsync();
        Assert.Empty(line.Middleman.Events.Since(0).Select(e => e.Event).OfType<FrameRejected>());
    }

    [Fact]
    public async Task A_middleman_requiring_a_stamp_refuses_a_sender_that_makes_none()
    {
        await using var net = TestNetwork.Create();
        var sender = await net.AddNodeAsync("sender", TestNetwork.SenderFundingMsat, control: true);
        var middleman = await net.AddNodeAsync("middleman", policy: new NodePolicy { StampBits = StampBits });
        await net.ConnectAsync(middleman, sender);
        using var api = sender.Control();

        await api.RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u0", 600), Ct);
        var refused = await middleman.Events.WaitForAsync<FrameRejected>(cancellationToken: Ct).Within();

        Assert.Equal(RejectionReason.MissingStamp, refused.Reason);
        Assert.Equal(sender.Options.Identity.Key.PublicKey, refused.From);
        Assert.Empty(middleman.Events.Since(0).Select(e => e.Event).OfType<BroadcastReceived>());
    }
}
