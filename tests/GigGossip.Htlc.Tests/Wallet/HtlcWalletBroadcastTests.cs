using GigGossip.Protocol.Bolt11;
using GigGossip.Htlc.Wallet;
using GigGossip.Payments;
using static GigGossip.Htlc.Tests.Wallet.HtlcWalletWorld;

namespace GigGossip.Htlc.Tests.Wallet;

/// <summary>Transactions the node refuses take their state change back; transactions lost on the way are sent again.</summary>
public sealed class HtlcWalletBroadcastTests : IAsyncLifetime
{
    private const long Deposit = 400_000;
    private readonly HtlcWalletWorld _world = new();
    private readonly (Protocol.Bolt11.Preimage Preimage, Protocol.Bolt11.PaymentHash Hash) _secret = Secret("broadcast");
    private HtlcHodlWallet _issuer = null!;
    private HtlcHodlWallet _payer = null!;
    private HodlInvoice _invoice = null!;

    public async ValueTask InitializeAsync()
    {
        _issuer = await _world.OpenAsync("issuer");
        _payer = await _world.OpenAsync("payer");
        _world.Deposit(_payer, Deposit);
        await _world.SyncAllAsync();
        _invoice = await _issuer.CreateInvoiceAsync(new HodlInvoiceRequest(_secret.Hash, 60_000_000, "broadcast"), Ct).Within();
    }

    [Fact]
    public async Task Funding_the_node_refuses_leaves_no_payment_and_the_coins_spendable()
    {
        _world.Node.RejectNextSend = (-26, "min relay fee not met");
        var e = await Assert.ThrowsAsync<WalletException>(() => _payer.PayAsync(_invoice.Bolt11, cancellationToken: Ct));
        Assert.Equal(WalletError.ChainRejected, e.Error);
        Assert.Contains("min relay fee not met", e.Message);
        Assert.Null(await _payer.GetPaymentAsync(_secret.Hash, Ct).Within());
        Assert.Equal(Deposit, await SatsAsync(_payer));

        await _world.PayAndReportAsync(_payer, _issuer, _invoice);
        await _world.MineAsync(3);
        Assert.Equal(InvoiceState.Accepted, (await _issuer.GetInvoiceAsync(_secret.Hash, Ct).Within())!.State);
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Claim_the_node_refuses_leaves_the_invoice_accepted_and_a_lost_claim_is_sent_again_at_the_next_sync()
    {
        await _world.PayAndReportAsync(_payer, _issuer, _invoice);
        await _world.MineAsync(3);

        _world.Node.RejectNextSend = (-26, "txn-mempool-conflict");
        Assert.Equal(WalletError.ChainRejected, (await Assert.ThrowsAsync<WalletException>(() => _issuer.SettleAsync(_secret.Hash, _secret.Preimage, Ct))).Error);
        Assert.Equal(InvoiceState.Accepted, (await _issuer.GetInvoiceAsync(_secret.Hash, Ct).Within())!.State);
        Assert.Equal(0, await SatsAsync(_issuer));

        _world.Node.LoseNextSend = true;
        Assert.Equal(WalletError.Unreachable, (await Assert.ThrowsAsync<WalletException>(() => _issuer.SettleAsync(_secret.Hash, _secret.Preimage, Ct))).Error);
        var settled = (await _issuer.GetInvoiceAsync(_secret.Hash, Ct).Within())!;
        Assert.Equal(InvoiceState.Settled, settled.State);
        var fees = _world.Node.FeesPaid;
        await _world.SyncAllAsync();
        Assert.True(_world.Node.FeesPaid > fees, "the sync sent the lost claim again");
        await _world.MineAsync();
        Assert.Equal(_secret.Preimage, (await _payer.GetPaymentAsync(_secret.Hash, Ct).Within())!.Preimage);
        await _world.AssertConservedAsync();
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();
}
