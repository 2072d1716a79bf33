using System.Net;
using GigGossip.Payments;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Settlement;
using Microsoft.Extensions.Logging;

namespace GigGossip.Settler.Http;

/// <summary>How a <see cref="SettlerServer"/> starts.</summary>
public sealed record SettlerServerOptions
{
    /// <summary>A SQLite file path (created owner-only if missing) or a postgres://user:password@host:port/database URI.</summary>
    public required string Database { get; init; }

    /// <summary>The operator's token file for /v1/admin (created 0600 with a fresh token if missing).</summary>
    public required string AdminTokenFile { get; init; }

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port; <see cref="SettlerServer.BaseUri"/> tells which.</summary>
    public int Port { get; init; }

    /// <summary>The URI nodes know the settler by (in promises and certificates); by default the address it listens on.</summary>
    public string? PublicUri { get; init; }

    /// <summary>The wallet service the settler's account lives on (signs in with the settler's key). Set this or <see cref="Wallet"/>.</summary>
    public Uri? WalletUri { get; init; }

    /// <summary>An in-process wallet account for the settler's key (demos, tests). Set this or <see cref="WalletUri"/>.</summary>
    public Func<SecretKey, IHodlWallet>? Wallet { get; init; }

    public SettlerPolicy Policy { get; init; } = new();

    /// <summary>Per-client limits on unauthenticated calls (reply hashes, promises, registrations).</summary>
    public SettlerClientLimits ClientLimits { get; init; } = new();

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The min_final_cltv_expiry_delta (blocks) of the settler's network invoices: 1 on the wallet service, at least 18 on LND.</summary>
    public int InvoiceCltvDelta { get; init; } = 1;

    public TimeSpan CertificateValidity { get; init; } = TimeSpan.FromDays(365);

    /// <summary>Settler processes sharing one PostgreSQL database: how often each looks for due timers.</summary>
    public TimeSpan TimerPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Settler processes sharing one PostgreSQL database: when a settle or cancel not known to have gone through is made again.</summary>
    public TimeSpan WalletCallGuard { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where logs go; null: one line each on the console, warnings and up for the framework.</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }
}
