using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Tests;

/// <summary>The waits a ride goes through, each for the event that ends it.</summary>
internal static class Rides
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// The settler's own network invoice is Accepted and the driver has stated (signed) that its reply invoice is, and the
    /// sender and driver poll it (timers set, clock not moved).
    /// </summary>
    public static async Task MoneyLockedAsync(TestNetwork net, TestNode sender, TestNode driver)
    {
        await net.Settler.Handled.WaitForAsync(i => i is IssuedInvoiceChanged { State: InvoiceState.Accepted });
        await net.Settler.Handled.WaitForAsync(i => i is SettlerCallReceived { Request: ReplyAcceptedRequest });
        await sender.TimerSetAsync<KeyReveal>();
        await driver.TimerSetAsync<ReplyPreimage>();
    }

    /// <summary>After the report: the network chain settles by itself; the driver's next poll gets the reply preimage.</summary>
    public static async Task SettledAsync(TestNetwork net, TestNode sender, TestNode driver)
    {
        await sender.Events.WaitForAsync<MoneySettled>(m => !m.Incoming && m.AmountMsat != TestNetwork.DriverPriceMsat, cancellationToken: Ct).Within();
        net.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));
        await driver.Events.WaitForAsync<MoneySettled>(m => m.Incoming && m.AmountMsat == TestNetwork.DriverPriceMsat, cancellationToken: Ct).Within();
        await sender.Events.WaitForAsync<MoneySettled>(m => !m.Incoming && m.AmountMsat == TestNetwork.DriverPriceMsat, cancellationToken: Ct).Within();
    }

    /// <summary>From an accepted offer: the money is held, the sender's next poll reveals the contact; returns the contact.</summary>
    public static async Task<string> RevealedAsync(TestNetwork net, TestNode sender, TestNode driver)
    {
        await MoneyLockedAsync(net, sender, driver);
        net.Advance(TimeSpan.FromMilliseconds(new NodePolicy().SettlerPollMs));
        return (await sender.Events.WaitForAsync<ContactRevealed>(cancellationToken: Ct).Within()).Contact;
    }

    /// <summary>The driver polls for its preimage, the sender reports the job done (<paramref name="reportDone"/>), and both chains settle.</summary>
    public static async Task DoneAndSettledAsync(TestNetwork net, TestNode sender, TestNode driver, Func<Task> reportDone)
    {
        await driver.TimerSetAsync<ReplyPreimage>(count: 2);
        await reportDone();
        await SettledAsync(net, sender, driver);
    }
}
