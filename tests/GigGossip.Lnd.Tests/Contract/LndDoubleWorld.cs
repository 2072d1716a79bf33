using GigGossip.Lnd.Rest;
using GigGossip.Lnd.Tests.Double;
using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Payments.Tests.Contract;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Lnd.Tests.Contract;

/// <summary>
/// Two LND doubles (issuer and payer nodes) over one ledger, each reached by the LND backend over HTTPS with its pinned
/// certificate and macaroon; the backend's clock is the network's fake clock, so blocks can be mined by moving it.
/// </summary>
internal sealed class LndDoubleWorld : IHodlWalletWorld
{
    public const long Funds = 1_000_000_000;

    private LndDoubleWorld(LndDoubleNetwork network, LndDouble issuerNode, LndDouble payerNode, LndHodlWallet issuer, LndHodlWallet payer)
    {
        Network = network;
        IssuerNode = issuerNode;
        PayerNode = payerNode;
        LndIssuer = issuer;
        LndPayer = payer;
    }

    public LndDoubleNetwork Network { get; }

    public LndDouble IssuerNode { get; }

    public LndDouble PayerNode { get; }

    public LndHodlWallet LndIssuer { get; }

    public LndHodlWallet LndPayer { get; }

    public static LndWalletOptions Options { get; } = new() { MinReconnectDelay = TimeSpan.FromMilliseconds(20), MaxReconnectDelay = TimeSpan.FromMilliseconds(200) };

    public static async Task<LndDoubleWorld> StartAsync()
    {
        var network = new LndDoubleNetwork();
        var issuerNode = new LndDouble(network, "issuer");
        var payerNode = new LndDouble(network, "payer");
        await issuerNode.StartAsync();
        await payerNode.StartAsync();
        network.Account("payer");
        network.Ledger.Fund("payer", Funds);
        var issuer = await LndHodlWallet.ConnectAsync(new LndRestClient(issuerNode.Connection), Options, network.Time);
        var payer = await LndHodlWallet.ConnectAsync(new LndRestClient(payerNode.Connection), Options, network.Time);
        return new LndDoubleWorld(network, issuerNode, payerNode, issuer, payer);
    }

    public IHodlWallet Issuer => LndIssuer;

    public IHodlWallet Payer => LndPayer;

    public long PayerFundsMsat => Funds;

    /// <summary>The doubles' channels are direct and charge no fee.</summary>
    public long FeeAllowanceMsat => 0;

    public DateTimeOffset Now => Network.Time.GetUtcNow();

    public string? CannotElapse => null;

    /// <summary>The doubles answer every change at once: a payment's HTLC is held before SendPaymentV2's first HTLC update.</summary>
    public int MaxSteps => 0;

    public Task DeliverAsync(HodlInvoice invoice, PaymentHash paymentHash) => Task.CompletedTask;

    public Task StepAsync() => Task.CompletedTask;

    public Task ElapseBlocksAsync(int blocks)
    {
        Network.Time.Advance(HodlTiming.Blocks(blocks));
        return Task.CompletedTask;
    }

    public async Task AssertConservedAsync()
    {
        var audit = Network.Ledger.Audit();
        Assert.True(audit.Balanced, string.Join("; ", audit.Problems));
        var balances = await Issuer.GetBalanceAsync() + await Payer.GetBalanceAsync();
        Assert.Equal(Funds, balances + audit.Totals.HeldMsat);
        Assert.Equal(Funds, audit.Totals.MintedMsat);
    }

    public async ValueTask DisposeAsync()
    {
        LndIssuer.Dispose();
        LndPayer.Dispose();
        await IssuerNode.DisposeAsync();
        await PayerNode.DisposeAsync();
        Network.Dispose();
    }
}
