using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;

namespace GigGossip.Node.Hosting;

/// <summary>
/// A taxi driver's side: take rides whose pickup geohash starts with <paramref name="Area"/>, at
/// <paramref name="PriceMsat"/>, revealing <paramref name="Contact"/> to a sender who pays.
/// </summary>
public sealed record TaxiWork(string Area, long PriceMsat, string Contact)
{
    public WorkerPolicy ToPolicy(string settlerUri) =>
        new(topic => topic.KindCase == Topic.KindOneofCase.Taxi && topic.Taxi.FromGeohash.StartsWith(Area, StringComparison.Ordinal), PriceMsat, settlerUri, Contact);
}
