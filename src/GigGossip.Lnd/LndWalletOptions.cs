namespace GigGossip.Lnd;

/// <summary>How the LND backend pays and follows its invoices and payments.</summary>
public sealed record LndWalletOptions
{
    /// <summary>The account name the engines see; the node's identity key (hex) when null.</summary>
    public string? AccountId { get; init; }

    /// <summary>Most routing fees a payment may cost (LND's default of 0 finds no route through any hop that charges).</summary>
    public long FeeLimitMsat { get; init; } = 10_000;

    /// <summary>How long LND keeps trying routes (<c>timeout_seconds</c>); an HTLC accepted before then stays held until settled or cancelled.</summary>
    public int PaymentTimeoutSeconds { get; init; } = 60;

    public LndLimits Limits { get; init; } = LndLimits.Default;

    /// <summary>First wait before resubscribing after a stream broke (LND restarting); doubles up to <see cref="MaxReconnectDelay"/>.</summary>
    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(5);
}
