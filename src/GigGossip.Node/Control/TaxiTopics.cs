using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Topics;

namespace GigGossip.Node.Control;

/// <summary>Checks a taxi request from outside and builds its topic.</summary>
public static class TaxiTopics
{
    public const long MaxPickupSeconds = 7 * 24 * 3600;
    public const long MaxReplySeconds = 3600;
    public const long DefaultReplySeconds = 10;
    private const double EarthRadiusM = 6_371_000;

    /// <summary>The topic and reply deadline for <paramref name="body"/> at <paramref name="nowUnixMs"/>.</summary>
    /// <exception cref="ControlRequestException">A field is missing or out of range (status 400).</exception>
    public static (Topic Topic, long ReplyDeadlineUnixMs) Build(TaxiRequestBody body, long nowUnixMs, int maxPrecision)
    {
        var from = Cell(body.From, "from", maxPrecision);
        var to = Cell(body.To, "to", maxPrecision);
        var pickup = Seconds(body.PickupInSeconds, "pickupInSeconds", MaxPickupSeconds);
        var reply = Seconds(body.ReplyWithinSeconds ?? DefaultReplySeconds, "replyWithinSeconds", MaxReplySeconds);
        var topic = new Topic
        {
            Taxi = new TaxiTopic
            {
                FromGeohash = body.From!,
                ToGeohash = body.To!,
                PickupAfterUnixMs = nowUnixMs,
                PickupBeforeUnixMs = nowUnixMs + pickup * 1000,
                DistanceM = (uint)Math.Round(DistanceM(from, to)),
            },
        };
        return (topic, nowUnixMs + reply * 1000);
    }

    private static GeohashCell Cell(string? geohash, string field, int maxPrecision)
    {
        if (string.IsNullOrEmpty(geohash)) throw ControlRequestException.BadRequest($"{field}: a geohash is required");
        if (!Geohash.IsValid(geohash)) throw ControlRequestException.BadRequest($"{field}: {ControlInput.Quote(geohash)} is not a geohash (1-{Geohash.MaxPrecision} of {Geohash.Alphabet})");
        if (geohash.Length > maxPrecision)
            throw ControlRequestException.BadRequest($"{field}: '{geohash}' has {geohash.Length} characters; peers accept at most {maxPrecision} (a less precise cell protects the sender)");
        return Geohash.Decode(geohash);
    }

    private static long Seconds(long? value, string field, long max)
    {
        if (value is not { } seconds) throw ControlRequestException.BadRequest($"{field}: a number of seconds is required");
        if (seconds is < 1 || seconds > max) throw ControlRequestException.BadRequest($"{field}: {seconds} is not between 1 and {max}");
        return seconds;
    }

    /// <summary>Great-circle distance between the cells' centres.</summary>
    private static double DistanceM(GeohashCell a, GeohashCell b)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(b.Latitude - a.Latitude);
        var dLon = Radians(b.Longitude - a.Longitude);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Radians(a.Latitude)) * Math.Cos(Radians(b.Latitude)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusM * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
