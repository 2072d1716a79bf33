using System.Net;
using GigGossip.Protocol.Bolt11;
using Microsoft.Extensions.Logging;

namespace GigGossip.Wallet;

/// <summary>How a <see cref="WalletServer"/> starts.</summary>
public sealed record WalletServerOptions
{
    /// <summary>The ledger's SQLite file, created if missing; null keeps the ledger in memory (demos, tests).</summary>
    public string? LedgerPath { get; init; }

    /// <summary>The operator's token file for /v1/admin (created 0600 with a fresh token if missing).</summary>
    public required string AdminTokenFile { get; init; }

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>0 picks a free port; <see cref="WalletServer.BaseUri"/> tells which.</summary>
    public int Port { get; init; }

    /// <summary>Network of new ledgers' invoices.</summary>
    public Bolt11Network Network { get; init; } = Bolt11Network.Regtest;

    /// <summary>How long a challenge nonce may wait for its signature.</summary>
    public TimeSpan ChallengeLifetime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Unanswered challenges per client (remote address) and in all; see <see cref="Auth.WalletChallenges"/>.</summary>
    public Auth.ChallengeLimits ChallengeLimits { get; init; } = new();

    /// <summary>How long a session token is good for; clients sign a new challenge after it.</summary>
    public TimeSpan SessionLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The wallet's clock: invoice times, expiry timer, challenge and session lifetimes.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where logs go; null: one line each on the console, warnings and up for the framework.</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }
}
