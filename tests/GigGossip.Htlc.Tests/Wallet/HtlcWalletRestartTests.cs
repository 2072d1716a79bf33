using GigGossip.Protocol.Bolt11;
using GigGossip.Payments;
using static GigGossip.Htlc.Tests.Wallet.HtlcWalletWorld;

namespace GigGossip.Htlc.Tests.Wallet;

public sealed class HtlcWalletRestartTests : IAsyncLifetime
{
    private readonly HtlcWalletWorld _world = new();

    [Fact]
    public async Task Wallets_closed_mid_payment_resume_from_their_files()
    {
        var (preimage, hash) = Secret("restart");
        var issuer = await _world.OpenAsync("issuer");
        var payer = await _world.OpenAsync("payer");
        _world.Deposit(payer, 500_000);
        await _world.SyncAllAsync();
        var invoice = await issuer.CreateInvoiceAsync(new HodlInvoiceRequest(hash, 50_000_000, "restart"), Ct).Within();
        await _world.PayAndReportAsync(payer, issuer, invoice);

        _world.Close(issuer);
        _world.Node.Mine(3);
        issuer = await _world.OpenAsync("issuer");
        Assert.Equal(InvoiceState.Open, (await issuer.GetInvoiceAsync(hash, Ct).Within())!.State);
        await issuer.SyncAsync(Ct).Within();
        Assert.Equal(InvoiceState.Accepted, (await issuer.GetInvoiceAsync(hash, Ct).Within())!.State);
        await issuer.SettleAsync(hash, preimage, Ct).Within();

        var scanned = payer.ScannedHeight;
        _world.Close(payer);
        _world.Node.Mine(2);
        payer = await _world.OpenAsync("payer");
        Assert.Equal(scanned, payer.ScannedHeight);
        Assert.Equal(PaymentState.InFlight, (await payer.GetPaymentAsync(hash, Ct).Within())!.State);
        await payer.SyncAsync(Ct).Within();
        var payment = (await payer.GetPaymentAsync(hash, Ct).Within())!;
        Assert.Equal((PaymentState.Succeeded, preimage), (payment.State, payment.Preimage));
        Assert.Equal(_world.Node.Height, payer.ScannedHeight);
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Payer_closed_in_flight_refunds_after_reopening_past_the_locktime()
    {
        var (_, hash) = Secret("refund");
        var issuer = await _world.OpenAsync("issuer");
        var payer = await _world.OpenAsync("payer");
        _world.Deposit(payer, 500_000);
        await _world.SyncAllAsync();
        var invoice = await issuer.CreateInvoiceAsync(new HodlInvoiceRequest(hash, 50_000_000, "refund"), Ct).Within();
        var notice = await _world.PayAndReportAsync(payer, issuer, invoice);
        _world.Close(payer);
        _world.Node.Mine((int)notice.Contract.Locktime - _world.Node.Height + 1);
        payer = await _world.OpenAsync("payer");
        await payer.SyncAsync(Ct).Within();
        Assert.Equal(PaymentState.Failed, (await payer.GetPaymentAsync(hash, Ct).Within())!.State);
        await _world.MineAsync();
        Assert.Equal(500_000 - _world.Node.FeesPaid, await SatsAsync(payer));
        await _world.AssertConservedAsync();
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();
}
