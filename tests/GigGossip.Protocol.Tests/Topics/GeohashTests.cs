using CsCheck;
using GigGossip.Protocol.Topics;

namespace GigGossip.Protocol.Tests.Topics;

public class GeohashTests
{
    [Theory]
    [InlineData(-33.8647, 151.2096, 7, "r3gx2g5")] // whitepaper: Legal Services Council, Sydney
    [InlineData(57.64911, 10.40744, 11, "u4pruydqqvj")] // Wikipedia, Geohash
    [InlineData(42.6, -5.6, 5, "ezs42")] // Wikipedia, Geohash
    [InlineData(37.8324, 112.5584, 9, "ww8p1r4t8")] // ngeohash README
    [InlineData(0.0, 0.0, 12, "s00000000000")]
    [InlineData(90.0, 180.0, 12, "zzzzzzzzzzzz")]
    [InlineData(-90.0, -180.0, 12, "000000000000")]
    public void Known_points_encode_to_their_published_geohash(double latitude, double longitude, int precision, string expected)
    {
        Assert.Equal(expected, Geohash.Encode(latitude, longitude, precision));
        Assert.True(Geohash.Decode(expected).Contains(latitude, longitude));
    }

    [Fact]
    public void Decoding_gives_the_cell_centre_and_its_error()
    {
        var cell = Geohash.Decode("ezs42");
        Assert.Equal(42.605, cell.Latitude, 3);
        Assert.Equal(-5.603, cell.Longitude, 3);
        Assert.Equal(180.0 / (1 << 13), cell.LatitudeError, 12); // 12 latitude bits, about ±0.022°
        Assert.Equal(360.0 / (1 << 14), cell.LongitudeError, 12); // 13 longitude bits, about ±0.022°
    }

    [Theory]
    [InlineData(1, 45.0, 45.0)]
    [InlineData(2, 5.625, 11.25)]
    [InlineData(7, 180.0 / 131072, 360.0 / 262144)]
    [InlineData(12, 180.0 / (1L << 30), 360.0 / (1L << 30))]
    public void Each_character_shrinks_the_cell_as_the_precision_table_says(int precision, double height, double width)
    {
        var cell = Geohash.Decode(new string('s', precision));
        Assert.Equal(height, cell.MaxLatitude - cell.MinLatitude, 15);
        Assert.Equal(width, cell.MaxLongitude - cell.MinLongitude, 15);
    }

    [Fact]
    public void Precision_7_cell_is_under_153_metres_wide_at_the_equator()
    {
        var cell = Geohash.Decode("s000000");
        const double metresPerDegree = 40_075_016.686 / 360;
        Assert.InRange((cell.MaxLongitude - cell.MinLongitude) * metresPerDegree, 152, 153);
    }

    [Theory]
    [InlineData("", "geohash is empty")]
    [InlineData("r3gx2g5r3gx2g", "has 13 characters, more than 12")]
    [InlineData("r3gxag5", "has 'a' at position 4")]
    [InlineData("R3GX2G5", "has 'R' at position 0")]
    [InlineData("r3g x2g", "has ' ' at position 3")]
    [InlineData("ilo", "has 'i' at position 0")]
    public void String_that_is_not_a_geohash_is_refused_with_one_exception(string text, string expected)
    {
        var error = Assert.Throws<GeohashFormatException>(() => Geohash.Decode(text));
        Assert.Contains(expected, error.Message);
        Assert.False(Geohash.IsValid(text));
    }

    [Fact]
    public void Null_is_not_a_geohash()
    {
        Assert.Throws<GeohashFormatException>(() => Geohash.Validate(null));
        Assert.False(Geohash.IsValid(null));
    }

    [Theory]
    [InlineData(90.0001, 0.0, 5)]
    [InlineData(double.NaN, 0.0, 5)]
    [InlineData(0.0, -180.5, 5)]
    [InlineData(0.0, double.PositiveInfinity, 5)]
    [InlineData(0.0, 0.0, 0)]
    [InlineData(0.0, 0.0, 13)]
    public void Encoding_refuses_points_and_precisions_out_of_range(double latitude, double longitude, int precision)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Geohash.Encode(latitude, longitude, precision));
    }

    [Fact]
    public void Decoded_cell_contains_the_encoded_point()
    {
        Gen.Select(Gen.Double[-90, 90], Gen.Double[-180, 180], Gen.Int[1, Geohash.MaxPrecision]).Sample((latitude, longitude, precision) =>
        {
            var geohash = Geohash.Encode(latitude, longitude, precision);
            Assert.Equal(precision, geohash.Length);
            Assert.True(Geohash.Decode(geohash).Contains(latitude, longitude), $"{geohash} does not contain {latitude}, {longitude}");
        }, iter: 20_000);
    }

    [Fact]
    public void Cell_centre_encodes_back_to_the_same_geohash()
    {
        var character = Gen.Int[0, 31].Select(i => Geohash.Alphabet[i]);
        character.Array[1, Geohash.MaxPrecision].Select(chars => new string(chars)).Sample(geohash =>
        {
            var cell = Geohash.Decode(geohash);
            Assert.Equal(geohash, Geohash.Encode(cell.Latitude, cell.Longitude, geohash.Length));
        }, iter: 20_000);
    }
}
