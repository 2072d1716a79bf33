using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation;

/// <summary>The jobs the demos, the simulator and the tests broadcast: a ride and a parcel across Sydney (the whitepaper's r3gx2g5).</summary>
public static class SydneyTopics
{
    public const string FromGeohash = "r3gx2g5";
    public const string ToGeohash = "r3gx2u0";

    /// <summary>A 3.2 km taxi ride, pickup within ten minutes of <paramref name="nowUnixMs"/>.</summary>
    public static Topic Ride(long nowUnixMs) => new()
    {
        Taxi = new TaxiTopic
        {
            FromGeohash = FromGeohash,
            ToGeohash = ToGeohash,
            PickupAfterUnixMs = nowUnixMs,
            PickupBeforeUnixMs = nowUnixMs + 600_000,
            DistanceM = 3_200,
        },
    };

    /// <summary>A 1.2 kg parcel, delivered within the hour.</summary>
    public static Topic Parcel(long nowUnixMs) => new()
    {
        Delivery = new DeliveryTopic
        {
            FromGeohash = FromGeohash,
            ToGeohash = ToGeohash,
            PickupAfterUnixMs = nowUnixMs,
            DeliverBeforeUnixMs = nowUnixMs + 3_600_000,
            ParcelWeightG = 1_200,
            ParcelLengthCm = 30,
            ParcelWidthCm = 20,
            ParcelHeightCm = 10,
        },
    };
}
