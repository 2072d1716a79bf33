namespace GigGossip.Protocol.Topics;

/// <summary>A string that is not a geohash: empty, longer than 12 characters, or with a character outside the geohash base32 alphabet.</summary>
public sealed class GeohashFormatException(string message) : Exception(message);
