namespace GigGossip.Protocol.Topics;

/// <summary>
/// Geohash (base32 "0123456789bcdefghjkmnpqrstuvwxyz", lowercase): each character adds five bits that
/// halve the cell, alternating longitude and latitude, longitude first. A point on a halving line goes
/// to the upper half.
/// </summary>
public static class Geohash
{
    public const string Alphabet = "0123456789bcdefghjkmnpqrstuvwxyz";
    public const int MaxPrecision = 12;

    public static string Encode(double latitude, double longitude, int precision)
    {
        if (!(latitude is >= -90 and <= 90)) throw new ArgumentOutOfRangeException(nameof(latitude), latitude, "latitude must be within [-90, 90]");
        if (!(longitude is >= -180 and <= 180)) throw new ArgumentOutOfRangeException(nameof(longitude), longitude, "longitude must be within [-180, 180]");
        if (precision is < 1 or > MaxPrecision) throw new ArgumentOutOfRangeException(nameof(precision), precision, $"precision must be within [1, {MaxPrecision}]");

        var cell = new Halving();
        Span<char> chars = stackalloc char[precision];
        for (var i = 0; i < precision; i++)
        {
            var index = 0;
            for (var bit = 0; bit < 5; bit++) index = (index << 1) | (cell.SplitAt(latitude, longitude) ? 1 : 0);
            chars[i] = Alphabet[index];
        }
        return new string(chars);
    }

    public static GeohashCell Decode(string geohash)
    {
        Validate(geohash);
        var cell = new Halving();
        foreach (var c in geohash)
        {
            var index = Alphabet.IndexOf(c);
            for (var bit = 4; bit >= 0; bit--) cell.Take(((index >> bit) & 1) == 1);
        }
        return cell.ToCell();
    }

    public static bool IsValid(string? geohash)
    {
        if (geohash is not { Length: >= 1 and <= MaxPrecision }) return false;
        foreach (var c in geohash)
        {
            if (!Alphabet.Contains(c)) return false;
        }
        return true;
    }

    /// <summary>Throws <see cref="GeohashFormatException"/> unless the string is a geohash.</summary>
    public static void Validate(string? geohash)
    {
        if (string.IsNullOrEmpty(geohash)) throw new GeohashFormatException("geohash is empty");
        if (geohash.Length > MaxPrecision)
            throw new GeohashFormatException($"geohash '{geohash[..MaxPrecision]}...' has {geohash.Length} characters, more than {MaxPrecision}");
        for (var i = 0; i < geohash.Length; i++)
        {
            if (!Alphabet.Contains(geohash[i]))
                throw new GeohashFormatException($"geohash '{geohash}' has '{geohash[i]}' at position {i}, which is not in the lowercase geohash alphabet {Alphabet}");
        }
    }

    /// <summary>The shrinking cell; encoding and decoding share it, so a decoded cell always contains the encoded point.</summary>
    private sealed class Halving
    {
        private double _minLat = -90, _maxLat = 90, _minLon = -180, _maxLon = 180;
        private bool _longitudeNext = true;

        /// <summary>Halves the cell around the point and reports the half taken (true = upper).</summary>
        public bool SplitAt(double pointLatitude, double pointLongitude)
        {
            var upper = _longitudeNext
                ? pointLongitude >= (_minLon + _maxLon) / 2
                : pointLatitude >= (_minLat + _maxLat) / 2;
            Take(upper);
            return upper;
        }

        public void Take(bool upper)
        {
            if (_longitudeNext)
            {
                var mid = (_minLon + _maxLon) / 2;
                if (upper) _minLon = mid; else _maxLon = mid;
            }
            else
            {
                var mid = (_minLat + _maxLat) / 2;
                if (upper) _minLat = mid; else _maxLat = mid;
            }
            _longitudeNext = !_longitudeNext;
        }

        public GeohashCell ToCell() => new(_minLat, _maxLat, _minLon, _maxLon);
    }
}
