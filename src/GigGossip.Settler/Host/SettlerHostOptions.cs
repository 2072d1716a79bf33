using GigGossip.Protocol.Settlement;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GigGossip.Settler.Host;

/// <summary>How a <see cref="SettlerHost"/> runs.</summary>
public sealed record SettlerHostOptions
{
    /// <summary>The URI the settler is known by (in its promises and certificates); null keeps the saved one.</summary>
    public string? Uri { get; init; }

    public SettlerPolicy Policy { get; init; } = new();

    /// <summary>The real clock by default; a fake one in tests.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>How long certificates are valid from issuance.</summary>
    public TimeSpan CertificateValidity { get; init; } = TimeSpan.FromDays(365);

    /// <summary>How far a subject's proof timestamp may be from the settler's clock.</summary>
    public TimeSpan ProofTolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>BOLT 11 <c>c</c> of the network invoices: the minimum hold, in 10-minute blocks, payers must grant.</summary>
    public int InvoiceMinFinalCltvExpiryDelta { get; init; } = 1;

    /// <summary>How long to wait before reopening a broken wallet event stream.</summary>
    public TimeSpan WalletRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Retries of an unreachable wallet wait twice as long each time, up to this.</summary>
    public TimeSpan WalletRetryLongest { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>A settler on a shared PostgreSQL database: how often each process looks for due timers (set by any process).</summary>
    public TimeSpan TimerPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A settler on a shared PostgreSQL database: a settle or cancel is made again this long after its decision unless it went
    /// through before (so a process that dies between the decision and the wallet call loses nothing).
    /// </summary>
    public TimeSpan WalletCallGuard { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A settler on a shared PostgreSQL database: how long a reply hash or promise no money reached is kept (cheat 11; the engine's
    /// <see cref="SettlerEngine.UnusedRecordLifetimeMs"/> on SQLite).
    /// </summary>
    public TimeSpan UnusedRecordLifetime { get; init; } = TimeSpan.FromHours(1);

    public ILogger Logger { get; init; } = NullLogger.Instance;
}
