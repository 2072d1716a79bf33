namespace GigGossip.Node.Hosting;

/// <summary>The roles and states a <see cref="JobEntry"/> can have, as the control API and `giggossip jobs` show them.</summary>
public static class JobStates
{
    public const string Sender = "sender";
    public const string Worker = "worker";
    public const string Middleman = "middleman";

    public const string Requested = "requested";
    public const string Offers = "offers";
    public const string Paid = "paid";
    public const string Revealed = "revealed";
    public const string Done = "done";
    public const string Disputed = "disputed";
    public const string Settled = "settled";
    public const string Refunded = "refunded";
    public const string Failed = "failed";
    public const string Replied = "replied";
    public const string Routed = "routed";

    public static IReadOnlyList<string> Roles { get; } = [Sender, Worker, Middleman];

    public static IReadOnlyList<string> All { get; } = [Requested, Offers, Paid, Revealed, Done, Disputed, Settled, Refunded, Failed, Replied, Routed];
}
