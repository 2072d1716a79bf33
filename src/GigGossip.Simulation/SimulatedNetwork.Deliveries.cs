using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation;

/// <summary>What the harness schedules for a node: an input, or a frame arriving over a link (one object each).</summary>
public sealed partial class SimulatedNetwork
{
    /// <summary>An input the node handles at its time.</summary>
    private sealed class NodeDelivery(SimulatedNetwork network, SimNode node, INodeInput input) : ScheduledWork
    {
        public override void Run() => network.Deliver(node, input);
    }

    /// <summary>A frame reaching a node (read at once, or queued when reading costs time).</summary>
    private sealed class FrameArrival(SimulatedNetwork network, SimNode to, FrameReceived received) : ScheduledWork
    {
        public override void Run() => network.Arrive(to, received);
    }

    /// <summary>A frame's bytes reaching a node, decoded as they arrive.</summary>
    private sealed class WireArrival(SimulatedNetwork network, SimNode to, PublicKey from, byte[] wire) : ScheduledWork
    {
        public override void Run() => network.Arrive(to, new FrameReceived(from, FrameCodec.DecodeFrame(wire)));
    }
}
