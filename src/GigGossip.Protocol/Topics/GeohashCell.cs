namespace GigGossip.Protocol.Topics;

/// <summary>The rectangle a geohash names, in degrees; both edges are part of the cell.</summary>
public readonly record struct GeohashCell(double MinLatitude, double MaxLatitude, double MinLongitude, double MaxLongitude)
{
    public double Latitude => (MinLatitude + MaxLatitude) / 2;

    public double Longitude => (MinLongitude + MaxLongitude) / 2;

    /// <summary>Half the cell height: the centre is within this of any point in the cell.</summary>
    public double LatitudeError => (MaxLatitude - MinLatitude) / 2;

    /// <summary>Half the cell width.</summary>
    public double LongitudeError => (MaxLongitude - MinLongitude) / 2;

    public bool Contains(double latitude, double longitude) =>
        latitude >= MinLatitude && latitude <= MaxLatitude && longitude >= MinLongitude && longitude <= MaxLongitude;
}
