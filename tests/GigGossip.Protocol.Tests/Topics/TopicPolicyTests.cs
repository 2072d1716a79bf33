using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Topics;

namespace GigGossip.Protocol.Tests.Topics;

public class TopicPolicyTests
{
    private static Topic Taxi(string from = "r3gx2g5", string to = "r3gx2u9", long after = 1_000, long before = 2_000) => new()
    {
        Taxi = new TaxiTopic { FromGeohash = from, ToGeohash = to, PickupAfterUnixMs = after, PickupBeforeUnixMs = before, DistanceM = 4200 },
    };

    private static Topic Delivery(Action<DeliveryTopic>? edit = null)
    {
        var delivery = new DeliveryTopic
        {
            FromGeohash = "u4pruyd",
            ToGeohash = "u4pruz",
            PickupAfterUnixMs = 1_000,
            DeliverBeforeUnixMs = 5_000,
            ParcelWeightG = 1_500,
            ParcelLengthCm = 40,
            ParcelWidthCm = 30,
            ParcelHeightCm = 20,
        };
        edit?.Invoke(delivery);
        return new Topic { Delivery = delivery };
    }

    [Fact]
    public void Ride_at_the_default_precision_of_7_is_accepted()
    {
        Assert.Equal(7, TopicPolicy.Default.MaxGeohashPrecision);
        Assert.Equal(TopicVerdict.Accepted, TopicPolicy.Default.Check(Taxi()));
    }

    [Fact]
    public void Ride_located_more_precisely_than_the_policy_allows_is_refused()
    {
        Assert.Equal(TopicVerdict.TooPrecise, TopicPolicy.Default.Check(Taxi(from: "r3gx2g5b")));
        Assert.Equal(TopicVerdict.TooPrecise, TopicPolicy.Default.Check(Taxi(to: "r3gx2u9c")));
    }

    [Fact]
    public void Node_can_ask_for_coarser_locations()
    {
        var coarse = TopicPolicy.Default with { MaxGeohashPrecision = 5 };
        Assert.Equal(TopicVerdict.TooPrecise, coarse.Check(Taxi()));
        Assert.Equal(TopicVerdict.Accepted, coarse.Check(Taxi("r3gx2", "r3gx")));
    }

    [Fact]
    public void Delivery_is_accepted_by_default_and_refused_by_a_taxi_only_node()
    {
        Assert.Equal(TopicVerdict.Accepted, TopicPolicy.Default.Check(Delivery()));
        var taxiOnly = TopicPolicy.Default with { AcceptedKinds = new HashSet<TopicKind> { TopicKind.Taxi } };
        Assert.Equal(TopicVerdict.KindNotAccepted, taxiOnly.Check(Delivery()));
        Assert.Equal(TopicVerdict.Accepted, taxiOnly.Check(Taxi()));
    }

    [Fact]
    public void Topic_without_kind_is_malformed()
    {
        Assert.Equal(TopicVerdict.Malformed, TopicPolicy.Default.Check(new Topic()));
    }

    [Fact]
    public void Pickup_window_that_ends_before_it_starts_is_malformed()
    {
        Assert.Equal(TopicVerdict.Malformed, TopicPolicy.Default.Check(Taxi(after: 2_001, before: 2_000)));
        Assert.Equal(TopicVerdict.Accepted, TopicPolicy.Default.Check(Taxi(after: 2_000, before: 2_000)));
        Assert.Equal(TopicVerdict.Malformed, TopicPolicy.Default.Check(Delivery(d => d.DeliverBeforeUnixMs = d.PickupAfterUnixMs - 1)));
    }

    [Theory]
    [InlineData("", "r3gx2u9")]
    [InlineData("r3gx2g5", "")]
    [InlineData("r3gxag5", "r3gx2u9")]
    [InlineData("r3gx2g5", "R3GX2U9")]
    [InlineData("r3gx2g5r3gx2g", "r3gx2u9")]
    public void Ride_with_a_location_that_is_not_a_geohash_is_malformed(string from, string to)
    {
        Assert.Equal(TopicVerdict.Malformed, TopicPolicy.Default.Check(Taxi(from, to)));
    }

    [Fact]
    public void Parcel_without_weight_or_size_is_malformed()
    {
        Assert.Equal(TopicVerdict.Malformed, TopicPolicy.Default.Check(Delivery(d => d.ParcelWeightG = 0)));
        Assert.Equal(TopicVerdict.Malformed, TopicPolicy.Default.Check(Delivery(d => d.ParcelLengthCm = 0)));
        Assert.Equal(TopicVerdict.Malformed, TopicPolicy.Default.Check(Delivery(d => d.ParcelWidthCm = 0)));
        Assert.Equal(TopicVerdict.Malformed, TopicPolicy.Default.Check(Delivery(d => d.ParcelHeightCm = 0)));
        Assert.Equal(TopicVerdict.Malformed, TopicPolicy.Default.Check(Delivery(d => d.FromGeohash = "u4pruyo")));
    }

    [Fact]
    public void Delivery_located_too_precisely_is_refused()
    {
        Assert.Equal(TopicVerdict.TooPrecise, TopicPolicy.Default.Check(Delivery(d => d.ToGeohash = "u4pruydqqvj")));
    }
}
