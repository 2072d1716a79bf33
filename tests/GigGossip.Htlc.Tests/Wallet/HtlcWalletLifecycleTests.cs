using GigGossip.Protocol.Bolt11;
using GigGossip.Htlc.Transactions;
using GigGossip.Htlc.Wallet;
using GigGossip.Payments;
using static GigGossip.Htlc.Tests.Wallet.HtlcWalletWorld;

namespace GigGossip.Htlc.Tests.Wallet;

public sealed class HtlcWalletLifecycleTests : IAsyncLifetime
{
    private const long Deposit = 1_000_000;
    private const long Amount = 100_000;
    private readonly HtlcWalletWorld _world = new();
    private HtlcHodlWallet _issuer = null!;
    private HtlcHodlWallet _payer = null!;

    public async ValueTask InitializeAsync()
    {
        _issuer = await _world.OpenAsync("issuer");
        _payer = await _world.OpenAsync("payer");
        _world.Deposit(_payer, Deposit);
        await _world.SyncAllAsync();
    }

    private Task<HodlInvoice> InvoiceAsync(string seed, long sats = Amount) =>
        _issuer.CreateInvoiceAsync(new HodlInvoiceRequest(Secret(seed).Hash, sats * 1000, "ride " + seed), Ct).Within();

    [Fact]
    public async Task Deposit_counts_once_confirmed_and_is_what_the_chain_holds()
    {
        Assert.Equal(Deposit, await SatsAsync(_payer));
        Assert.Equal(0, await SatsAsync(_issuer));
        _world.Node.Mint(_issuer.ScriptPubKey, 5_000);
        await _world.SyncAllAsync();
        Assert.Equal(0, await SatsAsync(_issuer));
        await _world.MineAsync();
        Assert.Equal(5_000, await SatsAsync(_issuer));
        Assert.StartsWith("bcrt1q", _issuer.Address.ToString());
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Invoice_is_accepted_at_the_required_depth_settled_by_a_claim_and_the_payer_learns_the_preimage()
    {
        var (preimage, hash) = Secret("settle");
        var invoice = await InvoiceAsync("settle");
        Assert.Equal(InvoiceState.Open, invoice.State);

        var payment = await _payer.PayAsync(invoice.Bolt11, cancellationToken: Ct).Within();
        Assert.Equal(PaymentState.InFlight, payment.State);
        Assert.True(await SatsAsync(_payer) < Deposit - Amount, "the funding amount and its fee left the balance");
        var notice = await _payer.GetFundingNoticeAsync(hash, Ct).Within();
        Assert.Equal(_world.Node.Height + 18L, notice.Contract.Locktime);
        Assert.Equal(notice.Encode(), HtlcFundingNotice.Parse(notice.Encode()).Encode());

        Assert.Equal(InvoiceState.Open, (await _issuer.ReportFundingAsync(notice, Ct).Within()).State);
        await _world.MineAsync(2);
        Assert.Equal(InvoiceState.Open, (await _issuer.GetInvoiceAsync(hash, Ct).Within())!.State);
        await _world.MineAsync();
        var accepted = (await _issuer.GetInvoiceAsync(hash, Ct).Within())!;
        Assert.Equal(InvoiceState.Accepted, accepted.State);
        Assert.Equal(_world.Time.GetUtcNow() + TimeSpan.FromMinutes(10 * 15), accepted.HoldDeadline);

        var settled = await _issuer.SettleAsync(hash, preimage, Ct).Within();
        Assert.Equal(InvoiceState.Settled, settled.State);
        var claimFee = Amount - await SatsAsync(_issuer);
        Assert.InRange(claimFee, 1, 1_000);
        Assert.Equal(PaymentState.InFlight, (await _payer.GetPaymentAsync(hash, Ct).Within())!.State);

        await _world.MineAsync();
        var succeeded = (await _payer.GetPaymentAsync(hash, Ct).Within())!;
        Assert.Equal(PaymentState.Succeeded, succeeded.State);
        Assert.Equal(preimage, succeeded.Preimage);
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Payer_learns_the_preimage_from_a_claim_still_in_the_mempool_unless_the_node_is_too_old_to_tell()
    {
        var (preimage, hash) = Secret("mempool");
        await _world.PayAndReportAsync(_payer, _issuer, await InvoiceAsync("mempool"));
        await _world.MineAsync(3);
        await _issuer.SettleAsync(hash, preimage, Ct).Within();

        _world.Node.Unsupported.Add("gettxspendingprevout");
        await _payer.SyncAsync(Ct).Within();
        Assert.Equal(PaymentState.InFlight, (await _payer.GetPaymentAsync(hash, Ct).Within())!.State);
        _world.Node.Unsupported.Clear();
        await _payer.SyncAsync(Ct).Within();
        var payment = (await _payer.GetPaymentAsync(hash, Ct).Within())!;
        Assert.Equal((PaymentState.Succeeded, preimage), (payment.State, payment.Preimage));
        await _world.MineAsync();
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Cancelled_invoice_is_never_claimed_and_the_payer_refunds_at_the_locktime()
    {
        var (_, hash) = Secret("cancel");
        var invoice = await InvoiceAsync("cancel");
        var notice = await _world.PayAndReportAsync(_payer, _issuer, invoice);
        await _world.MineAsync(3);
        Assert.Equal(InvoiceState.Accepted, (await _issuer.GetInvoiceAsync(hash, Ct).Within())!.State);
        var cancelled = await _issuer.CancelAsync(hash, Ct).Within();
        Assert.Equal((InvoiceState.Cancelled, CancelReason.ByIssuer), (cancelled.State, cancelled.CancelReason));
        await Assert.ThrowsAsync<WalletException>(() => _issuer.SettleAsync(hash, Secret("cancel").Preimage, Ct));

        await _world.MineAsync((int)notice.Contract.Locktime - _world.Node.Height - 1);
        Assert.Equal(PaymentState.InFlight, (await _payer.GetPaymentAsync(hash, Ct).Within())!.State);
        await _world.MineAsync();
        var failed = (await _payer.GetPaymentAsync(hash, Ct).Within())!;
        Assert.Equal(PaymentState.Failed, failed.State);
        var exported = await _payer.ExportTransactionsAsync(hash, Ct).Within();
        Assert.Equal(2, exported.Count);
        Assert.Equal(0, _world.Node.ConfirmationsOf(TransactionHex.Parse(exported[1]).Txid));
        await _world.MineAsync();
        Assert.Equal(Deposit - _world.Node.FeesPaid, await SatsAsync(_payer));
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Accepted_invoice_not_settled_before_the_locktime_is_cancelled_and_can_no_longer_be_settled()
    {
        var (preimage, hash) = Secret("late");
        var notice = await _world.PayAndReportAsync(_payer, _issuer, await InvoiceAsync("late"));
        await _world.MineAsync(3);
        await _world.MineAsync((int)notice.Contract.Locktime - _world.Node.Height);
        var invoice = (await _issuer.GetInvoiceAsync(hash, Ct).Within())!;
        Assert.Equal((InvoiceState.Cancelled, CancelReason.HoldDeadlinePassed), (invoice.State, invoice.CancelReason));
        Assert.Equal(WalletError.AlreadyCancelled, (await Assert.ThrowsAsync<WalletException>(() => _issuer.SettleAsync(hash, preimage, Ct))).Error);
        Assert.Equal(PaymentState.Failed, (await _payer.GetPaymentAsync(hash, Ct).Within())!.State);
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Reorg_before_acceptance_only_delays_it_and_an_unconfirmed_deposit_stops_counting()
    {
        var (_, hash) = Secret("reorg");
        await _world.PayAndReportAsync(_payer, _issuer, await InvoiceAsync("reorg"));
        await _world.MineAsync(2);
        _world.Node.Reorg(2);
        await _world.MineAsync(2);
        Assert.Equal(InvoiceState.Open, (await _issuer.GetInvoiceAsync(hash, Ct).Within())!.State);
        await _world.MineAsync();
        Assert.Equal(InvoiceState.Accepted, (await _issuer.GetInvoiceAsync(hash, Ct).Within())!.State);

        _world.Node.Mint(_issuer.ScriptPubKey, 7_000);
        await _world.MineAsync();
        Assert.Equal(7_000, await SatsAsync(_issuer));
        _world.Node.Reorg(1);
        await _world.SyncAllAsync();
        Assert.Equal(0, await SatsAsync(_issuer));
        Assert.Equal(_world.Node.Height, _issuer.ScannedHeight);
        await _world.MineAsync();
        Assert.Equal(7_000, await SatsAsync(_issuer));
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Reorg_after_acceptance_or_after_the_claim_takes_no_state_back()
    {
        var (preimage, hash) = Secret("deep reorg");
        await _world.PayAndReportAsync(_payer, _issuer, await InvoiceAsync("deep reorg"));
        await _world.MineAsync(3);
        _world.Node.Reorg(3);
        await _world.SyncAllAsync();
        Assert.Equal(InvoiceState.Accepted, (await _issuer.GetInvoiceAsync(hash, Ct).Within())!.State);

        await _issuer.SettleAsync(hash, preimage, Ct).Within();
        await _world.MineAsync();
        Assert.Equal(PaymentState.Succeeded, (await _payer.GetPaymentAsync(hash, Ct).Within())!.State);
        var issuerSats = await SatsAsync(_issuer);
        _world.Node.Reorg(1);
        await _world.SyncAllAsync();
        var payment = (await _payer.GetPaymentAsync(hash, Ct).Within())!;
        Assert.Equal((PaymentState.Succeeded, preimage), (payment.State, payment.Preimage));
        Assert.Equal(InvoiceState.Settled, (await _issuer.GetInvoiceAsync(hash, Ct).Within())!.State);
        Assert.Equal(issuerSats, await SatsAsync(_issuer));
        await _world.MineAsync();
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Watchers_see_every_state_change_in_order()
    {
        var (preimage, hash) = Secret("watch");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var issuerEvents = _issuer.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        var payerEvents = _payer.WatchAsync(stop.Token).GetAsyncEnumerator(stop.Token);
        await _world.PayAndReportAsync(_payer, _issuer, await InvoiceAsync("watch"));
        await _world.MineAsync(3);
        await _issuer.SettleAsync(hash, preimage, Ct).Within();
        await _world.MineAsync();

        var issuerStates = new List<InvoiceState>();
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await issuerEvents.MoveNextAsync().AsTask().Within());
            issuerStates.Add(Assert.IsType<InvoiceUpdated>(issuerEvents.Current).Invoice.State);
        }
        Assert.Equal([InvoiceState.Accepted, InvoiceState.Settled], issuerStates);
        var payerStates = new List<PaymentState>();
        for (var i = 0; i < 2; i++)
        {
            Assert.True(await payerEvents.MoveNextAsync().AsTask().Within());
            payerStates.Add(Assert.IsType<PaymentUpdated>(payerEvents.Current).Payment.State);
        }
        Assert.Equal([PaymentState.InFlight, PaymentState.Succeeded], payerStates);
        await stop.CancelAsync();
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();
}
