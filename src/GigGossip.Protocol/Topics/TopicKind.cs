namespace GigGossip.Protocol.Topics;

/// <summary>The kinds of job a topic can describe (the cases of the Topic oneof).</summary>
public enum TopicKind
{
    Taxi,
    Delivery,
}
