using GigGossip.Protocol.Engine;

namespace GigGossip.Simulation.Tests;

/// <summary>
/// The smallest ride: sender - middleman - driver with one settler. Disposing checks that the network's money
/// is what it was at the start.
/// </summary>
internal sealed class RideLine : IDisposable
{
    public RideLine(int seed, SenderPolicy? sender = null)
    {
        Net = new SimulatedNetwork(seed);
        Settler = Net.AddSettler(World.SettlerUri);
        Sender = Net.AddNode(Settler, sender: sender, fundingMsat: World.SenderFunding);
        Middleman = Net.AddNode(Settler);
        Driver = Net.AddNode(Settler, worker: World.Driver(), properties: World.DrivingLicence);
        Net.Connect(Sender, Middleman);
        Net.Connect(Middleman, Driver);
        Total = Net.TotalMoneyMsat();
    }

    public SimulatedNetwork Net { get; }
    public SimSettler Settler { get; }
    public SimNode Sender { get; }
    public SimNode Middleman { get; }
    public SimNode Driver { get; }
    public long Total { get; }

    public IEnumerable<FrameRejected> Rejections(SimNode node) => node.EventsOf<FrameRejected>();

    public void Dispose()
    {
        Assert.Equal(Total, Net.TotalMoneyMsat());
        Net.Dispose();
    }
}
