using System.Diagnostics;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Settler.Client;
using GigGossip.Settler.Http;
using GigGossip.Wallet;
using GigGossip.Wallet.Client;

namespace GigGossip.Cli.Load;

/// <summary>
/// Load on the two HTTP services, on 127.0.0.1 only: a wallet service and a settler service on free ports with SQLite
/// files in a temp directory, then <c>requests</c> HODL payments (create invoice, pay, settle: three wallet calls) between
/// <see cref="Accounts"/> accounts and <c>requests</c> subjects certified (register, certificate: two settler calls),
/// at most <c>concurrency</c> of each in flight, none started after the deadline. The ledger must balance after.
/// </summary>
public static class ServiceLoad
{
    public const int Accounts = 50;
    public const long PaymentMsat = 1_000;

    public static async Task<ServiceLoadReport> RunAsync(int requests, int concurrency, TimeSpan limit, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("giggossip-load-").FullName;
        try
        {
            await using var services = await LoadServices.StartAsync(directory, cancellationToken);
            var (wallet, settler) = (services.Wallet, services.Settler);
            using var admin = new WalletAdminClient(wallet.BaseUri, wallet.AdminToken);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            var accounts = Enumerable.Range(0, Accounts).Select(_ => new WalletHttpClient(wallet.BaseUri, SecretKey.Generate(), http)).ToList();
            foreach (var account in accounts) await admin.FundAsync(account.AccountId, (requests / Accounts + 1) * PaymentMsat, cancellationToken);
            using var settlerClient = new SettlerHttpClient(settler.BaseUri, settler.Host.Uri, http);
            var before = await admin.AuditAsync(cancellationToken);

            var walletCalls = new Latencies("wallet");
            var settlerCalls = new Latencies("settler");
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(limit);
            var clock = Stopwatch.StartNew();
            var payments = Bounded(requests, concurrency, deadline.Token, i => PayAsync(walletCalls, accounts[i % Accounts], accounts[(i + 1) % Accounts]));
            var certificates = Bounded(requests, concurrency, deadline.Token, _ => CertifyAsync(settlerCalls, settlerClient));
            var started = await Task.WhenAll(payments, certificates);
            var wall = clock.Elapsed;

            var after = await admin.AuditAsync(cancellationToken);
            foreach (var account in accounts) account.Dispose();
            return new ServiceLoadReport(requests, concurrency, started[0], started[1], walletCalls.Summarise(wall), settlerCalls.Summarise(wall), wall,
                LedgerBalanced: after.Balanced && after.HeldMsat == 0 && after.AccountsMsat + after.HeldMsat == before.AccountsMsat + before.HeldMsat,
                PeakWorkingSetBytes: Process.GetCurrentProcess().PeakWorkingSet64);
        }
        finally
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (IOException) { }
        }
    }

    /// <summary>Runs <paramref name="count"/> operations, at most <paramref name="concurrency"/> at once; returns how many were started before the deadline.</summary>
    private static async Task<int> Bounded(int count, int concurrency, CancellationToken deadline, Func<int, Task> operation)
    {
        using var slots = new SemaphoreSlim(concurrency, concurrency);
        var running = new List<Task>(count);
        var started = 0;
        for (var i = 0; i < count && !deadline.IsCancellationRequested; i++)
        {
            try { await slots.WaitAsync(deadline).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
            started++;
            var index = i;
            running.Add(Task.Run(async () =>
            {
                try { await operation(index).ConfigureAwait(false); }
                finally { slots.Release(); }
            }, CancellationToken.None));
        }
        await Task.WhenAll(running).ConfigureAwait(false);
        return started;
    }

    /// <summary>One HODL payment of <see cref="PaymentMsat"/>: the payee issues an invoice, the payer pays it (held), the payee settles it.</summary>
    private static async Task PayAsync(Latencies calls, WalletHttpClient payer, WalletHttpClient payee)
    {
        var preimage = Preimage.Generate();
        HodlInvoice? invoice = null;
        if (!await calls.TimeAsync(async () => invoice = await payee.CreateInvoiceAsync(new HodlInvoiceRequest(preimage.Hash, PaymentMsat, "load")))) return;
        if (!await calls.TimeAsync(() => payer.PayAsync(invoice!.Bolt11))) return;
        await calls.TimeAsync(() => payee.SettleAsync(preimage.Hash, preimage));
    }

    /// <summary>A new subject registers with the settler and gets its certificate.</summary>
    private static async Task CertifyAsync(Latencies calls, SettlerHttpClient settler)
    {
        var subject = SecretKey.Generate();
        if (!await calls.TimeAsync(() => settler.RegisterAsync(subject, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()))) return;
        await calls.TimeAsync(() => settler.RequestCertificateAsync(subject, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
    }
}

/// <summary>What <see cref="ServiceLoad"/> measured: calls are HTTP requests (three per payment, two per certificate).</summary>
public sealed record ServiceLoadReport(
    int Requests, int Concurrency, int PaymentsStarted, int CertificatesStarted, LatencySummary Wallet, LatencySummary Settler, TimeSpan Wall,
    bool LedgerBalanced, long PeakWorkingSetBytes)
{
    public bool Complete => PaymentsStarted == Requests && CertificatesStarted == Requests &&
        Wallet.Succeeded == 3 * Requests && Settler.Succeeded == 2 * Requests && Wallet.Errors + Settler.Errors == 0 && LedgerBalanced;
}
