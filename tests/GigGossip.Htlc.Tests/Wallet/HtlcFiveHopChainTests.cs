using GigGossip.Protocol.Bolt11;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Wallet;
using GigGossip.Payments;
using static GigGossip.Htlc.Tests.Wallet.HtlcWalletWorld;

namespace GigGossip.Htlc.Tests.Wallet;

/// <summary>
/// Five contracts on one payment hash, payer to settler through four hops, each locktime <see cref="HtlcTimeoutPlan.DefaultExpiryDelta"/>
/// blocks before the one upstream: the settler's claim reveals the preimage hop by hop back to the payer, and a
/// cancel unwinds by refunds from the settler's end, each at its own locktime.
/// </summary>
public sealed class HtlcFiveHopChainTests : IAsyncLifetime
{
    private const long SettlerAmount = 100_000;
    private const long HopFee = 3_000;
    private const long Funds = 500_000;
    private static readonly string[] Names = ["payer", "m1", "m2", "m3", "m4", "settler"];
    private readonly HtlcWalletWorld _world = new();
    private readonly HtlcHodlWallet[] _wallets = new HtlcHodlWallet[6];
    private readonly (Protocol.Bolt11.Preimage Preimage, Protocol.Bolt11.PaymentHash Hash) _secret = Secret("five hops");
    private HtlcTimeoutPlan _plan = null!;

    public async ValueTask InitializeAsync()
    {
        for (var i = 0; i < 6; i++) _wallets[i] = await _world.OpenAsync(Names[i]);
        for (var i = 0; i < 5; i++) _world.Node.Mint(_wallets[i].ScriptPubKey, Funds);
        await _world.MineAsync();
        _plan = HtlcTimeoutPlan.Compute((uint)_world.Node.Height, 5, finalExpiryDelta: HtlcTimeoutPlan.DefaultExpiryDelta);

        var invoices = new HodlInvoice[6];
        for (var i = 5; i >= 1; i--)
            invoices[i] = await _wallets[i].CreateInvoiceAsync(
                new HodlInvoiceRequest(_secret.Hash, (SettlerAmount + HopFee * (5 - i)) * 1000, $"hop {i}"), Ct).Within();
        for (var i = 1; i <= 5; i++)
        {
            if (i > 1)
            {
                Assert.Equal(InvoiceState.Accepted, (await _wallets[i - 1].GetInvoiceAsync(_secret.Hash, Ct).Within())!.State);
                HtlcTimeoutPlan.RequireSafeForwarding(_plan.Locktimes[i - 2], _plan.Locktimes[i - 1], _plan.ExpiryDelta);
            }
            await _world.PayAndReportAsync(_wallets[i - 1], _wallets[i], invoices[i], _plan.Locktimes[i - 1]);
            await _world.MineAsync(3);
        }
        Assert.Equal(InvoiceState.Accepted, (await _wallets[5].GetInvoiceAsync(_secret.Hash, Ct).Within())!.State);
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Settler_claim_reveals_the_preimage_hop_by_hop_and_every_hop_ends_up_with_its_fee_less_its_chain_fees()
    {
        await _wallets[5].SettleAsync(_secret.Hash, _secret.Preimage, Ct).Within();
        for (var i = 4; i >= 0; i--)
        {
            await _world.MineAsync();
            var payment = (await _wallets[i].GetPaymentAsync(_secret.Hash, Ct).Within())!;
            Assert.Equal((PaymentState.Succeeded, _secret.Preimage), (payment.State, payment.Preimage));
            Assert.True(_world.Node.Height < _plan.Locktimes[i], "each hop learns the preimage before its upstream contract can be refunded");
            if (i > 0) Assert.Equal(InvoiceState.Settled, (await _wallets[i].SettleAsync(_secret.Hash, payment.Preimage!, Ct).Within()).State);
        }
        await _world.MineAsync();

        for (var i = 1; i <= 4; i++) Assert.InRange(await SatsAsync(_wallets[i]) - Funds, HopFee - 1_500, HopFee - 1);
        Assert.InRange(await SatsAsync(_wallets[5]), SettlerAmount - 1_000, SettlerAmount - 1);
        Assert.True(await SatsAsync(_wallets[0]) < Funds - SettlerAmount - 4 * HopFee);
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Claims_seen_in_the_mempool_settle_the_whole_chain_back_within_one_block()
    {
        var height = _world.Node.Height;
        await _wallets[5].SettleAsync(_secret.Hash, _secret.Preimage, Ct).Within();
        for (var i = 4; i >= 0; i--)
        {
            await _wallets[i].SyncAsync(Ct).Within();
            var payment = (await _wallets[i].GetPaymentAsync(_secret.Hash, Ct).Within())!;
            Assert.Equal((PaymentState.Succeeded, _secret.Preimage), (payment.State, payment.Preimage));
            if (i > 0) await _wallets[i].SettleAsync(_secret.Hash, payment.Preimage!, Ct).Within();
        }
        Assert.Equal(height, _world.Node.Height);
        await _world.MineAsync();
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Hop_refuses_to_forward_with_a_locktime_too_close_to_its_incoming_one()
    {
        var (_, hash) = Secret("unsafe");
        var incoming = await _wallets[2].CreateInvoiceAsync(new HodlInvoiceRequest(hash, 120_000_000, "in"), Ct).Within();
        var outgoing = await _wallets[3].CreateInvoiceAsync(new HodlInvoiceRequest(hash, 110_000_000, "out"), Ct).Within();
        var tip = (uint)_world.Node.Height;
        await _world.PayAndReportAsync(_wallets[1], _wallets[2], incoming, tip + 100);
        await _world.MineAsync(3);
        var sats = await SatsAsync(_wallets[2]);
        var e = await Assert.ThrowsAsync<WalletException>(() => _wallets[2].PayWithLocktimeAsync(outgoing.Bolt11, tip + 70, Ct));
        Assert.Equal(WalletError.InvalidHold, e.Error);
        Assert.Contains("unsafe forwarding", e.Message);
        Assert.Equal(sats, await SatsAsync(_wallets[2]));
        Assert.Null(await _wallets[2].GetPaymentAsync(hash, Ct).Within());
        await _wallets[2].PayWithLocktimeAsync(outgoing.Bolt11, tip + 60, Ct).Within();
    }

    [Fact]
    public async Task Settler_cancel_unwinds_by_refunds_from_the_settler_end_each_at_its_locktime()
    {
        await _wallets[5].CancelAsync(_secret.Hash, Ct).Within();
        for (var i = 4; i >= 0; i--)
        {
            await _world.MineAsync((int)_plan.Locktimes[i] - _world.Node.Height - 1);
            Assert.Equal(PaymentState.InFlight, (await _wallets[i].GetPaymentAsync(_secret.Hash, Ct).Within())!.State);
            await _world.MineAsync();
            Assert.Equal(PaymentState.Failed, (await _wallets[i].GetPaymentAsync(_secret.Hash, Ct).Within())!.State);
            if (i > 0) Assert.Equal(InvoiceState.Cancelled, (await _wallets[i].CancelAsync(_secret.Hash, Ct).Within()).State);
        }
        await _world.MineAsync();

        for (var i = 0; i <= 4; i++) Assert.InRange(await SatsAsync(_wallets[i]), Funds - 1_500, Funds - 1);
        Assert.Equal(0, await SatsAsync(_wallets[5]));
        await _world.AssertConservedAsync();
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();
}
