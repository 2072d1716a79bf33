namespace GigGossip.Protocol.Peers;

/// <summary>A peer's score and what it is made of (what <c>giggossip peers --json</c> shows).</summary>
public sealed record PeerScoreParts(
    double FirstDeliveries,
    double RoutedReplies,
    double SettledFees,
    double InvalidFrames,
    double AskTimeouts,
    double Colocation,
    double RecentAsks,
    double Outbound = 0,
    double DeliveryDeficit = 0)
{
    public double Total => FirstDeliveries + RoutedReplies + SettledFees + InvalidFrames + AskTimeouts + Colocation + Outbound + DeliveryDeficit;
}
