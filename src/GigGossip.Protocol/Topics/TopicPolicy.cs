using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Topics;

/// <summary>
/// Which topics a node takes part in (policy as data). The geohash precision cap protects senders:
/// whitepaper "Topic" suggests at most 7 or 8 characters, enough for a driver to decide but not to
/// find the customer's door.
/// </summary>
public sealed record TopicPolicy
{
    public static TopicPolicy Default { get; } = new();

    public int MaxGeohashPrecision { get; init; } = 7;

    public IReadOnlySet<TopicKind> AcceptedKinds { get; init; } = new HashSet<TopicKind> { TopicKind.Taxi, TopicKind.Delivery };

    public TopicVerdict Check(Topic topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        TopicKind kind;
        switch (topic.KindCase)
        {
            case Topic.KindOneofCase.Taxi: kind = TopicKind.Taxi; break;
            case Topic.KindOneofCase.Delivery: kind = TopicKind.Delivery; break;
            default: return TopicVerdict.Malformed;
        }
        if (!AcceptedKinds.Contains(kind)) return TopicVerdict.KindNotAccepted;
        var (from, to, wellFormed) = kind == TopicKind.Taxi ? Read(topic.Taxi) : Read(topic.Delivery);
        if (!wellFormed || !Geohash.IsValid(from) || !Geohash.IsValid(to)) return TopicVerdict.Malformed;
        return from.Length > MaxGeohashPrecision || to.Length > MaxGeohashPrecision ? TopicVerdict.TooPrecise : TopicVerdict.Accepted;
    }

    private static (string From, string To, bool WellFormed) Read(TaxiTopic taxi) =>
        (taxi.FromGeohash, taxi.ToGeohash, taxi.PickupAfterUnixMs <= taxi.PickupBeforeUnixMs);

    private static (string From, string To, bool WellFormed) Read(DeliveryTopic delivery) =>
        (delivery.FromGeohash, delivery.ToGeohash,
            delivery.PickupAfterUnixMs <= delivery.DeliverBeforeUnixMs
            && delivery.ParcelWeightG > 0 && delivery.ParcelLengthCm > 0 && delivery.ParcelWidthCm > 0 && delivery.ParcelHeightCm > 0);
}
