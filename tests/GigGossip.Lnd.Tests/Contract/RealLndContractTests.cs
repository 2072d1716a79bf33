using GigGossip.Lnd.Rest;
using GigGossip.Payments;
using GigGossip.Payments.Tests.Contract;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Lnd.Tests.Contract;

/// <summary>
/// The <see cref="IHodlWallet"/> contract against two real LND nodes with a channel from payer to issuer (a regtest
/// network, e.g. from Polar): <c>GIGGOSSIP_LND_REST_URL</c>, <c>GIGGOSSIP_LND_MACAROON</c> (file or hex) and
/// <c>GIGGOSSIP_LND_TLS_CERT</c> (file) name the issuer's node; the same names with <c>_PAYER</c> after <c>LND</c>
/// (<c>GIGGOSSIP_LND_PAYER_REST_URL</c>...) the payer's. Skipped, with the reason, when they are not set. A real node's
/// chain and clock cannot be moved, so the expiry and hold-deadline cases are skipped; balances move by fees up to the fee limit.
/// </summary>
public sealed class RealLndContractTests : HodlWalletContractTests
{
    private static readonly string? Missing = MissingSettings();

    protected override string? SkipReason => Missing;

    private static string? MissingSettings()
    {
        string[] names =
        [
            "GIGGOSSIP_LND_REST_URL", "GIGGOSSIP_LND_MACAROON", "GIGGOSSIP_LND_TLS_CERT",
            "GIGGOSSIP_LND_PAYER_REST_URL", "GIGGOSSIP_LND_PAYER_MACAROON", "GIGGOSSIP_LND_PAYER_TLS_CERT",
        ];
        var missing = names.Where(n => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(n))).ToList();
        return missing.Count == 0 ? null : "no real LND configured: set " + string.Join(", ", missing) + " (see README, 'Contract suite on a regtest LND')";
    }

    protected override async Task<IHodlWalletWorld?> CreateWorldAsync()
    {
        var issuer = await LndHodlWallet.ConnectAsync(new LndRestClient(ConnectionFrom("GIGGOSSIP_LND")), new LndWalletOptions { AccountId = "issuer" });
        var payer = await LndHodlWallet.ConnectAsync(new LndRestClient(ConnectionFrom("GIGGOSSIP_LND_PAYER")), new LndWalletOptions { AccountId = "payer" });
        return new RealWorld(issuer, payer, await payer.GetBalanceAsync(), await issuer.GetBalanceAsync() + await payer.GetHeldOutgoingAsync()
            + await issuer.GetHeldOutgoingAsync());
    }

    private static LndConnection ConnectionFrom(string prefix)
    {
        var url = Environment.GetEnvironmentVariable(prefix + "_REST_URL")!;
        var macaroon = Environment.GetEnvironmentVariable(prefix + "_MACAROON")!;
        var cert = Environment.GetEnvironmentVariable(prefix + "_TLS_CERT")!;
        return File.Exists(macaroon)
            ? LndConnection.FromFiles(url, macaroon, cert)
            : new LndConnection(LndConnection.ParseUrl(url), LndConnection.RequireHexMacaroon(macaroon), LndConnection.ReadCertificate(cert));
    }

    /// <param name="othersMsat">The issuer's balance and both nodes' HTLCs in flight at the start.</param>
    private sealed class RealWorld(LndHodlWallet issuer, LndHodlWallet payer, long payerFunds, long othersMsat) : IHodlWalletWorld
    {
        public IHodlWallet Issuer => issuer;

        public IHodlWallet Payer => payer;

        public long PayerFundsMsat => payerFunds;

        public long FeeAllowanceMsat => new LndWalletOptions().FeeLimitMsat;

        public DateTimeOffset Now => TimeProvider.System.GetUtcNow();

        public string? CannotElapse => "a real LND's chain and clock cannot be moved by the test";

        /// <summary>Real nodes settle and fail HTLCs asynchronously: up to 30 s of 250 ms waits.</summary>
        public int MaxSteps => 120;

        public Task DeliverAsync(HodlInvoice invoice, PaymentHash paymentHash) => Task.CompletedTask;

        public Task StepAsync() => Task.Delay(250, TestContext.Current.CancellationToken);

        public Task ElapseBlocksAsync(int blocks) => throw new InvalidOperationException(CannotElapse);

        /// <summary>
        /// What two nodes show: their balances plus their HTLCs in flight are what they were, less the routing fees paid
        /// (at most the fee limit per payment of a test, which makes at most two).
        /// </summary>
        public async Task AssertConservedAsync()
        {
            var now = await issuer.GetBalanceAsync() + await payer.GetBalanceAsync() + await issuer.GetHeldOutgoingAsync() + await payer.GetHeldOutgoingAsync();
            Assert.InRange(now, payerFunds + othersMsat - 2 * FeeAllowanceMsat, payerFunds + othersMsat);
        }

        public ValueTask DisposeAsync()
        {
            issuer.Dispose();
            payer.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
