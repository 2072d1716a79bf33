using GigGossip.Protocol.Bolt11;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Chain;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Transactions;
using GigGossip.Htlc.Wallet;
using GigGossip.Payments;
using static GigGossip.Htlc.Tests.Wallet.HtlcWalletWorld;

namespace GigGossip.Htlc.Tests.Wallet;

public sealed class HtlcWalletRejectionTests : IAsyncLifetime
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

    private Task<HodlInvoice> InvoiceAsync(string seed, long msat = Amount * 1000) =>
        _issuer.CreateInvoiceAsync(new HodlInvoiceRequest(Secret(seed).Hash, msat, "ride " + seed), Ct).Within();

    private static async Task<WalletError> ErrorOf(Func<Task> call) => (await Assert.ThrowsAsync<WalletException>(call)).Error;

    [Fact]
    public async Task Node_refuses_a_refund_before_the_locktime_and_a_claim_with_a_wrong_preimage()
    {
        var (preimage, hash) = Secret("node");
        var notice = await _world.PayAndReportAsync(_payer, _issuer, await InvoiceAsync("node"));
        await _world.MineAsync(3);
        var funding = new HtlcFunding(notice.Funding, Amount);
        var fees = _world.Node.FeesPaid;

        var refund = HtlcSpendBuilder.Refund(notice.Contract, funding, KeyOf("payer"), _payer.ScriptPubKey, new FeeRate(2));
        var early = await Assert.ThrowsAsync<ChainSourceException>(() => _world.Chain.SendRawTransactionAsync(refund.ToHex(), Ct));
        Assert.Equal((-26, true), (early.RpcCode, early.Message.Contains("non-final")));

        var unsigned = Txs.Create(2, [Txs.Input(notice.Funding, [], BitcoinRules.ReplaceableSequence, [])], [Txs.Output(Amount - 500, _issuer.ScriptPubKey)], 0);
        var signature = KeyOf("issuer").SignForScript(SegwitSighash.Compute(unsigned, 0, notice.Contract.WitnessScript, Amount, SigHashType.All), SigHashType.All);
        var wrongClaim = unsigned.WithWitness(0, HtlcWitness.Claim(signature, Secret("other").Preimage.ToArray(), notice.Contract.WitnessScript));
        var wrong = await Assert.ThrowsAsync<ChainSourceException>(() => _world.Chain.SendRawTransactionAsync(wrongClaim.ToHex(), Ct));
        Assert.Equal((-26, true), (wrong.RpcCode, wrong.Message.Contains("mandatory-script-verify-flag-failed")));
        Assert.Equal(fees, _world.Node.FeesPaid);

        Assert.Equal(InvoiceState.Settled, (await _issuer.SettleAsync(hash, preimage, Ct).Within()).State);
        await _world.MineAsync();
        Assert.Equal(preimage, (await _payer.GetPaymentAsync(hash, Ct).Within())!.Preimage);
        await _world.AssertConservedAsync();
    }

    [Fact]
    public async Task Funding_of_the_wrong_amount_or_script_is_refused_and_never_accepted()
    {
        var (_, hash) = Secret("forged");
        await InvoiceAsync("forged");
        var contract = new HtlcContract(hash.Bytes, _issuer.PublicKey, KeyOf("mallory").PublicKey, (uint)_world.Node.Height + 30);

        var short1 = _world.Node.Mint(contract.ScriptPubKey, Amount - 1);
        var elsewhere = _world.Node.Mint(_payer.ScriptPubKey, Amount);
        _world.Node.Mine();
        var e = await Assert.ThrowsAsync<WalletException>(() => _issuer.ReportFundingAsync(new HtlcFundingNotice(contract, Txs.Outpoint(short1, 0)), Ct));
        Assert.Equal((WalletError.InvalidArgument, true), (e.Error, e.Message.Contains($"pays {Amount - 1} sat")));
        e = await Assert.ThrowsAsync<WalletException>(() => _issuer.ReportFundingAsync(new HtlcFundingNotice(contract, Txs.Outpoint(elsewhere, 0)), Ct));
        Assert.Equal((WalletError.InvalidArgument, true), (e.Error, e.Message.Contains("does not pay the contract's P2WSH script")));

        var unseen = Txs.Create(2, [Txs.Input(Txs.Outpoint(new byte[32], 9), [0x51], BitcoinRules.FinalSequence, [])], [Txs.Output(Amount - 1, contract.ScriptPubKey)], 0);
        Assert.Equal(InvoiceState.Open, (await _issuer.ReportFundingAsync(new HtlcFundingNotice(contract, Txs.Outpoint(unseen, 0)), Ct).Within()).State);
        _world.Node.AddConfirmed(unseen);
        await _world.MineAsync(5);
        Assert.Equal(InvoiceState.Open, (await _issuer.GetInvoiceAsync(hash, Ct).Within())!.State);
    }

    [Fact]
    public async Task Notices_for_another_key_an_unknown_invoice_or_a_locktime_too_soon_are_refused()
    {
        var (_, hash) = Secret("notice");
        await InvoiceAsync("notice");
        var tip = (uint)_world.Node.Height;
        var outpoint = Txs.Outpoint(new byte[32], 0);
        HtlcFundingNotice Notice(byte[] payee, uint locktime, string seed = "notice") =>
            new(new HtlcContract(Secret(seed).Hash.Bytes, payee, KeyOf("payer").PublicKey, locktime), outpoint);

        Assert.Equal(WalletError.InvalidArgument, await ErrorOf(() => _issuer.ReportFundingAsync(Notice(KeyOf("mallory").PublicKey, tip + 30), Ct)));
        Assert.Equal(WalletError.UnknownInvoice, await ErrorOf(() => _issuer.ReportFundingAsync(Notice(_issuer.PublicKey, tip + 30, "unknown"), Ct)));
        Assert.Equal(WalletError.InvalidHold, await ErrorOf(() => _issuer.ReportFundingAsync(Notice(_issuer.PublicKey, tip - 1), Ct)));
        Assert.Equal(WalletError.InvalidHold, await ErrorOf(() => _issuer.ReportFundingAsync(Notice(_issuer.PublicKey, tip + 17), Ct)));
        Assert.Equal(WalletError.UnknownInvoice, await ErrorOf(() => _issuer.SettleAsync(Secret("unknown").Hash, Secret("unknown").Preimage, Ct)));
        Assert.Equal(WalletError.UnknownInvoice, await ErrorOf(() => _payer.GetFundingNoticeAsync(hash, Ct)));

        Assert.Throws<BitcoinFormatException>(() => HtlcFundingNotice.Parse("htlc-funding:zz:" + outpoint));
        Assert.Throws<BitcoinFormatException>(() => HtlcFundingNotice.Parse("funding:00:" + outpoint));
        Assert.Throws<BitcoinFormatException>(() => HtlcFundingNotice.Parse("htlc-funding:51:" + outpoint));
        Assert.Throws<BitcoinFormatException>(() => HtlcFundingNotice.Parse(Notice(_issuer.PublicKey, tip + 30).Encode() + ":7"));
        Assert.Equal(InvoiceState.Open, (await _issuer.GetInvoiceAsync(hash, Ct).Within())!.State);
    }

    [Fact]
    public async Task Bad_payments_are_refused_with_nothing_changed()
    {
        var invoice = await InvoiceAsync("pay");
        var testnet = await _world.OpenAsync("testnet-issuer", BitcoinNetwork.Testnet);
        var foreign = await testnet.CreateInvoiceAsync(new HodlInvoiceRequest(Secret("foreign").Hash, Amount * 1000, "elsewhere"), Ct).Within();
        var big = await InvoiceAsync("big", 2 * Deposit * 1000);
        var tip = (uint)_world.Node.Height;

        Assert.Equal(WalletError.MalformedInvoice, await ErrorOf(() => _payer.PayAsync("lnbcrt1notaninvoice", cancellationToken: Ct)));
        Assert.Equal(WalletError.MalformedInvoice, await ErrorOf(() => _payer.PayAsync(foreign.Bolt11, cancellationToken: Ct)));
        Assert.Equal(WalletError.SelfPayment, await ErrorOf(() => _issuer.PayAsync(invoice.Bolt11, cancellationToken: Ct)));
        Assert.Equal(WalletError.InvalidHold, await ErrorOf(() => _payer.PayWithLocktimeAsync(invoice.Bolt11, tip, Ct)));
        Assert.Equal(WalletError.InvalidHold, await ErrorOf(() => _payer.PayWithLocktimeAsync(invoice.Bolt11, tip - 100, Ct)));
        Assert.Equal(WalletError.InvalidHold, await ErrorOf(() => _payer.PayWithLocktimeAsync(invoice.Bolt11, tip + 17, Ct)));
        Assert.Equal(WalletError.InvalidHold, await ErrorOf(() => _payer.PayAsync(invoice.Bolt11, _world.Time.GetUtcNow().AddDays(30), Ct)));
        Assert.Equal(WalletError.InsufficientBalance, await ErrorOf(() => _payer.PayAsync(big.Bolt11, cancellationToken: Ct)));
        Assert.Equal(WalletError.InvalidAmount, await ErrorOf(() => _issuer.CreateInvoiceAsync(new HodlInvoiceRequest(Secret("msat").Hash, 100_500, "msat"), Ct)));
        Assert.Equal(WalletError.InvalidAmount, await ErrorOf(() => _issuer.CreateInvoiceAsync(new HodlInvoiceRequest(Secret("dust").Hash, 100_000, "dust"), Ct)));
        Assert.Equal(WalletError.DuplicateInvoice, await ErrorOf(() => InvoiceAsync("pay")));

        Assert.Equal(Deposit, await SatsAsync(_payer));
        Assert.Null(await _payer.GetPaymentAsync(invoice.PaymentHash, Ct).Within());
        Assert.Equal(0, _world.Node.FeesPaid);

        await _payer.PayAsync(invoice.Bolt11, cancellationToken: Ct).Within();
        Assert.Equal(WalletError.DuplicatePayment, await ErrorOf(() => _payer.PayAsync(invoice.Bolt11, cancellationToken: Ct)));
        _world.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(WalletError.InvoiceExpired, await ErrorOf(() => _payer.PayAsync(big.Bolt11, cancellationToken: Ct)));
        await _world.SyncAllAsync();
        var expired = (await _issuer.GetInvoiceAsync(big.PaymentHash, Ct).Within())!;
        Assert.Equal((InvoiceState.Cancelled, CancelReason.Expired), (expired.State, expired.CancelReason));
    }

    [Fact]
    public async Task Wallet_file_of_another_network_or_not_sqlite_is_refused()
    {
        var path = _world.PathOf("payer");
        await Assert.ThrowsAsync<HtlcWalletFileException>(() =>
            HtlcHodlWallet.OpenAsync(path, "payer", _world.Chain, _world.Time, new HtlcWalletOptions { Network = BitcoinNetwork.Mainnet }, Ct));
        var junk = _world.PathOf("junk");
        await File.WriteAllTextAsync(junk, "not a database, just text that is long enough to be read as a header", Ct);
        await Assert.ThrowsAsync<HtlcWalletFileException>(() => HtlcHodlWallet.OpenAsync(junk, "junk", _world.Chain, _world.Time, cancellationToken: Ct));
    }

    public async ValueTask DisposeAsync() => await _world.DisposeAsync();
}
