namespace GigGossip.Node.Web;

/// <summary>One step of a job as the apps show it.</summary>
public sealed record TimelineStep(long AtUnixMs, string Step, string Text);

/// <summary>GET /v1/web/rides: one of the rider's requests, its offers and what happened to the money.</summary>
public sealed record RideView(
    string RequestId,
    long StartedAtUnixMs,
    string Status,
    IReadOnlyList<Control.OfferView> Offers,
    string? AcceptedOfferId,
    long HeldMsat,
    string? Contact,
    string? Outcome,
    long SettledMsat,
    bool Refunded,
    IReadOnlyList<TimelineStep> Timeline,
    string? PickupCode = null);

public sealed record RidesView(IReadOnlyList<RideView> Rides, long BalanceMsat, int MaxGeohashPrecision, long LastEvent);

/// <summary>
/// A request the driver took and replied to, and what it earned; <c>From</c> and <c>To</c> are the pickup and destination
/// cells (known while the job is open), <c>PickupConfirmed</c> whether the settler took the rider's pickup code.
/// </summary>
public sealed record DriverJobView(string RequestId, long SeenAtUnixMs, bool OfferSent, long EarnedMsat, string Status, IReadOnlyList<TimelineStep> Timeline,
    string? From = null, string? To = null, long? PriceMsat = null, bool PickupConfirmed = false, bool StatementSent = false);

/// <summary>GET /v1/web/driver: the driver's work, the requests it saw and answered, and its earnings.</summary>
public sealed record DriverView(Control.WorkView? Work, IReadOnlyList<DriverJobView> Jobs, long EarnedMsat, long OtherEarningsMsat, long BalanceMsat, long LastEvent);

/// <summary>POST /v1/web/pairings: a one-time code for a browser link.</summary>
public sealed record PairingView(string Code, string Path, long ExpiresAtUnixMs);

public sealed record SessionsRevokedView(int Revoked);
