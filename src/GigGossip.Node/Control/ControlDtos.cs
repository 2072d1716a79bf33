namespace GigGossip.Node.Control;

/// <summary>POST /v1/requests/taxi: a ride from one geohash cell to another, pickup from now until <c>PickupInSeconds</c> from now.</summary>
public sealed record TaxiRequestBody(string? From, string? To, long? PickupInSeconds, long? ReplyWithinSeconds = null);

/// <summary>
/// PUT /v1/work: take rides picked up in <c>Area</c> (a geohash prefix) for <c>PriceMsat</c> (or whole <c>PriceSats</c>),
/// revealing <c>Contact</c> (when null: the contact the node works with now, or its config's, or its id).
/// </summary>
public sealed record WorkBody(string? Area, long? PriceSats, string? Contact, long? PriceMsat = null);

public sealed record RequestStarted(string RequestId, long ReplyDeadlineUnixMs);

/// <summary>An offer; <c>PickupCode</c> and <c>JobState</c> (added later) are set on the accepted offer (see GET /v1/jobs).</summary>
public sealed record OfferView(string OfferId, string RequestId, long PriceMsat, long NetworkMsat, string SettlerUri, long ReceivedAtUnixMs, bool Accepted,
    string? PickupCode = null, string? JobState = null);

/// <summary>The driver's pickup code (proof of service), as the control API takes it.</summary>
public sealed record PickupBody(string? Code);

/// <summary>A statement about a disputed job (also the optional body of a dispute).</summary>
public sealed record StatementBody(string? Statement);

/// <summary>What became of a pickup report or a statement.</summary>
public sealed record ServiceReportView(string RequestId, string Report, string Status);

public sealed record OffersView(IReadOnlyList<OfferView> Offers);

/// <summary>
/// An accepted offer. With <c>?wait=SECONDS</c>, <c>Outcome</c> is "held" (the whole route holds the money and
/// <c>Contact</c> is revealed), "failed" (<c>Reason</c> says why) or "pending" (no outcome in time); without, "paying".
/// </summary>
public sealed record AcceptedView(string OfferId, string RequestId, string? Outcome = null, string? Reason = null, string? Contact = null);

public sealed record ReportedView(string RequestId, string Outcome);

public sealed record WorkView(string Area, long PriceMsat, string Contact);

public sealed record WorkStopped(WorkView? Work);

/// <summary>
/// GET /v1/info (`giggossip getinfo`): the node's x-only id and address, connected peers, wallet balance, work, and (added
/// later, so optional) its wallet account, trusted settlers, warnings such as "no funds", and its wallet's kind and URL.
/// </summary>
public sealed record InfoView(string Id, string Address, IReadOnlyList<string> Peers, long BalanceMsat, WorkView? Work, string? WorkSettlerUri, long LastEvent,
    string? WalletAccount = null, IReadOnlyList<SettlerView>? Settlers = null, IReadOnlyList<string>? Warnings = null, WalletView? Wallet = null);

public sealed record EventView(long Sequence, long AtUnixMs, string Type, string Text, IReadOnlyDictionary<string, object?> Data);

public sealed record EventsView(IReadOnlyList<EventView> Events, long Last);

public sealed record ErrorView(string Error);
