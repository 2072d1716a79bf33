using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation.Tests;

/// <summary>Builds the small worlds the scenario tests run in: a settler, a rich sender, middlemen, drivers.</summary>
internal static class World
{
    public const string SettlerUri = "https://settler.test";
    public const long SenderFunding = 10_000_000_000;
    public const long DriverPrice = 25_000_000;

    public static readonly IReadOnlyDictionary<string, byte[]> DrivingLicence = new Dictionary<string, byte[]> { ["driving_licence"] = [1] };

    public static WorkerPolicy Driver(long price = DriverPrice, string settlerUri = SettlerUri, string contact = "driver") =>
        new(topic => topic.KindCase == Topic.KindOneofCase.Taxi, price, settlerUri, contact);

    public static Topic SydneyRide(long nowUnixMs) => SydneyTopics.Ride(nowUnixMs);

    /// <summary>Broadcasts the Sydney ride from <paramref name="sender"/> with a reply deadline of <paramref name="deadlineMs"/>.</summary>
    public static string RequestRide(SimulatedNetwork net, SimNode sender, long deadlineMs = 10_000)
    {
        net.Do(sender, new BroadcastTopic(SydneyRide(net.Now), net.Now + deadlineMs));
        return sender.EventsOf<BroadcastStarted>().Last().PayloadId;
    }

    /// <summary>
    /// The key a request is signed with (a one-time key since issue #15), which replies are sealed to, as every middleman
    /// reads it from a PowBroadcast frame; null for other frames.
    /// </summary>
    public static Protocol.Crypto.PublicKey? RequestKey(Frame frame) => frame.KindCase == Frame.KindOneofCase.PowBroadcast
        ? Protocol.Crypto.PublicKey.FromBytes(frame.PowBroadcast.ReadBroadcastPayload().SignedRequestPayload.ReadRequestPayload().SenderCertificate.ReadCertificate().SubjectPublicKey.Span)
        : null;
}
