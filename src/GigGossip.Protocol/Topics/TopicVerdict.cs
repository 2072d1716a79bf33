namespace GigGossip.Protocol.Topics;

/// <summary>What <see cref="TopicPolicy.Check"/> found. Checked in the order: no kind set, kind, content, precision.</summary>
public enum TopicVerdict
{
    Accepted,

    /// <summary>No kind set, a geohash that is not one, a window that ends before it starts, or an empty parcel.</summary>
    Malformed,

    /// <summary>The node does not handle this kind of topic.</summary>
    KindNotAccepted,

    /// <summary>A geohash is longer than the policy allows: it would locate the sender too precisely.</summary>
    TooPrecise,
}
