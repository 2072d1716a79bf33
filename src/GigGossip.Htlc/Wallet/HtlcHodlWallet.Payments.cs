using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Transactions;
using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Htlc.Wallet;

/// <summary>The payer's side: funding a contract from the wallet's coins, the notice for the issuer, the exported transactions.</summary>
public sealed partial class HtlcHodlWallet
{
    /// <summary>
    /// Funds the invoice's contract with a locktime of the tip plus the blocks until <paramref name="holdUntil"/>
    /// (10 minutes a block; by default the invoice's <c>min_final_cltv_expiry_delta</c>) and broadcasts it.
    /// Send <see cref="GetFundingNoticeAsync"/> to the issuer.
    /// </summary>
    public Task<HodlPayment> PayAsync(string bolt11, DateTimeOffset? holdUntil = null, CancellationToken cancellationToken = default) => Locked(async () =>
    {
        var invoice = DecodeForPayment(bolt11);
        var tip = await TipAsync(cancellationToken);
        var blocks = holdUntil is { } until ? (long)Math.Ceiling((until - _time.GetUtcNow()) / HodlTiming.BlockInterval) : invoice.MinFinalCltvExpiryDelta;
        if (blocks < invoice.MinFinalCltvExpiryDelta || blocks > HodlTiming.MaxCltvExpiryDelta)
            throw new WalletException(WalletError.InvalidHold,
                $"the hold must be {invoice.MinFinalCltvExpiryDelta}-{HodlTiming.MaxCltvExpiryDelta} blocks (the invoice's minimum to two weeks), got {blocks}");
        return await FundAsync(invoice, (uint)(tip + blocks), tip, cancellationToken);
    }, cancellationToken);

    /// <summary>
    /// Funds the invoice's contract with the given block-height <paramref name="locktime"/> (a hop of a chain takes it from
    /// <see cref="HtlcTimeoutPlan"/>); it must leave the issuer at least the invoice's <c>min_final_cltv_expiry_delta</c> blocks.
    /// </summary>
    public Task<HodlPayment> PayWithLocktimeAsync(string bolt11, uint locktime, CancellationToken cancellationToken = default) => Locked(async () =>
    {
        var invoice = DecodeForPayment(bolt11);
        var tip = await TipAsync(cancellationToken);
        if (locktime <= tip) throw new WalletException(WalletError.InvalidHold, $"locktime {locktime} is not after the tip {tip}: the contract would be refundable at once");
        if (locktime >= BitcoinRules.LocktimeThreshold) throw new WalletException(WalletError.InvalidHold, $"locktime {locktime} is not a block height");
        if (locktime - tip < invoice.MinFinalCltvExpiryDelta || locktime - tip > HodlTiming.MaxCltvExpiryDelta)
            throw new WalletException(WalletError.InvalidHold,
                $"locktime {locktime} is {locktime - tip} blocks after the tip; the hold must be {invoice.MinFinalCltvExpiryDelta}-{HodlTiming.MaxCltvExpiryDelta} blocks");
        return await FundAsync(invoice, locktime, tip, cancellationToken);
    }, cancellationToken);

    /// <summary>The notice to send the issuer of the payment on this hash, so it can find and check the contract.</summary>
    public Task<HtlcFundingNotice> GetFundingNoticeAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => Locked(() =>
    {
        var row = FindPayment(paymentHash) ?? throw new WalletException(WalletError.UnknownInvoice, $"account {AccountId} has no payment on payment hash {paymentHash}");
        return Task.FromResult(new HtlcFundingNotice(HtlcContract.FromWitnessScript(row.WitnessScript), Outpoints.FromTxid(row.FundingTxid, row.FundingVout)));
    }, cancellationToken);

    /// <summary>
    /// The signed transactions of the payment on this hash, as hex for any wallet or node to broadcast: the funding
    /// transaction, then the refund once it is made.
    /// </summary>
    public Task<IReadOnlyList<string>> ExportTransactionsAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => Locked(() =>
    {
        var row = FindPayment(paymentHash) ?? throw new WalletException(WalletError.UnknownInvoice, $"account {AccountId} has no payment on payment hash {paymentHash}");
        IReadOnlyList<string> hexes = row.RefundHex is null ? [row.FundingHex] : [row.FundingHex, row.RefundHex];
        return Task.FromResult(hexes);
    }, cancellationToken);

    public Task<HodlPayment?> GetPaymentAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) =>
        Locked(() => Task.FromResult(FindPayment(paymentHash)?.ToPayment(AccountId)), cancellationToken);

    private async Task<HodlPayment> FundAsync(Bolt11Invoice invoice, uint locktime, int tip, CancellationToken cancellationToken)
    {
        HtlcContract contract;
        try
        {
            contract = new HtlcContract(invoice.PaymentHash.Bytes, invoice.PayeeNodeKey, PublicKey, locktime);
        }
        catch (HtlcException e)
        {
            throw new WalletException(WalletError.MalformedInvoice, $"the invoice cannot be paid on chain: {e.Message}");
        }
        RequireSafeForwarding(invoice.PaymentHash, locktime);
        var amount = invoice.AmountMsat!.Value / 1000;
        var (funding, spent, change) = HtlcFundingBuilder.Build(SpendableCoins(), _coins, contract, amount, FeeRate);
        var deadline = _time.GetUtcNow() + HodlTiming.Blocks((int)(locktime - tip));
        _db.InTransaction(() =>
        {
            _db.Execute("""
                INSERT INTO payments (payment_hash, payment_secret, amount_msat, bolt11, state, witness_script, funding_hex, funding_txid, funding_vout, locktime, hold_deadline)
                VALUES ($hash, $secret, $amount, $bolt11, 0, $script, $hex, $txid, 0, $locktime, $deadline)
                """,
                ("$hash", invoice.PaymentHash.ToArray()), ("$secret", invoice.PaymentSecret.ToArray()), ("$amount", invoice.AmountMsat), ("$bolt11", invoice.Text),
                ("$script", contract.WitnessScript), ("$hex", funding.ToHex()), ("$txid", funding.Txid), ("$locktime", (long)locktime),
                ("$deadline", deadline.ToUnixTimeMilliseconds()));
            foreach (var coin in spent)
                _db.Execute("UPDATE coins SET spent_by = $by WHERE txid = $txid AND vout = $vout", ("$by", funding.Txid), ("$txid", coin.Txid), ("$vout", (long)coin.Vout));
            if (change > 0) AddOwnCoin(funding, 1);
            Enqueue(funding);
            return 0;
        });
        await BroadcastRecordedAsync(funding, () =>
        {
            _db.Execute("DELETE FROM payments WHERE funding_txid = $txid", ("$txid", funding.Txid));
            _db.Execute("UPDATE coins SET spent_by = NULL WHERE spent_by = $txid", ("$txid", funding.Txid));
        }, cancellationToken);
        var payment = FindPayment(invoice.PaymentHash)!.ToPayment(AccountId);
        Publish([new PaymentUpdated(payment, _time.GetUtcNow())]);
        return payment;
    }

    /// <summary>
    /// A hop forwarding a payment: when this wallet holds an Accepted invoice on the same hash (the incoming contract),
    /// the outgoing locktime must be at least <see cref="HtlcWalletOptions.ForwardingExpiryDelta"/> blocks earlier, or the
    /// downstream claim could come too late to claim upstream before the refund.
    /// </summary>
    private void RequireSafeForwarding(PaymentHash paymentHash, uint locktime)
    {
        if (FindInvoice(paymentHash) is not { State: InvoiceState.Accepted, WitnessScript: { } incoming }) return;
        try
        {
            HtlcTimeoutPlan.RequireSafeForwarding(HtlcContract.FromWitnessScript(incoming).Locktime, locktime, ForwardingExpiryDelta);
        }
        catch (HtlcException e)
        {
            throw new WalletException(WalletError.InvalidHold, $"unsafe forwarding: {e.Message}");
        }
    }

    private Bolt11Invoice DecodeForPayment(string bolt11)
    {
        Bolt11Invoice invoice;
        try
        {
            invoice = Bolt11Invoice.Decode(bolt11);
        }
        catch (Bolt11FormatException e)
        {
            throw new WalletException(WalletError.MalformedInvoice, $"malformed invoice: {e.Message}", e);
        }
        if (invoice.Network != Bolt11NetworkOf(Network))
            throw new WalletException(WalletError.MalformedInvoice, $"the invoice is payable on {invoice.Network}, this wallet is on {Network}");
        if (invoice.PayeeNodeKey.AsSpan().SequenceEqual(PublicKey)) throw new WalletException(WalletError.SelfPayment, "a wallet cannot pay its own invoice");
        if (invoice.AmountMsat is not { } amount) throw new WalletException(WalletError.InvalidAmount, "the invoice names no amount");
        RequireOnChainAmount(amount);
        if (invoice.IsExpiredAt(_time.GetUtcNow())) throw new WalletException(WalletError.InvoiceExpired, $"invoice expired at {invoice.ExpiresAt:O}");
        if (FindPayment(invoice.PaymentHash) is { State: not PaymentState.Failed })
            throw new WalletException(WalletError.DuplicatePayment, $"account {AccountId} already has a payment in flight or done on payment hash {invoice.PaymentHash}");
        return invoice;
    }

    /// <summary>
    /// The smallest contract worth making: its claim or refund (at most <see cref="MaxSpendVirtualSize"/> vbytes at
    /// <see cref="FeeRate"/>) must still leave an output above the dust limit.
    /// </summary>
    public long MinimumAmountSats => TransactionExtensions.DustThresholdOf(_coins.ScriptPubKey) + FeeRate.FeeFor(MaxSpendVirtualSize);

    private const int MaxSpendVirtualSize = 200;

    private void RequireOnChainAmount(long amountMsat)
    {
        if (amountMsat is <= 0 or > BitcoinRules.MaxMoney * 1000)
            throw new WalletException(WalletError.InvalidAmount, $"amount must be 1-{BitcoinRules.MaxMoney * 1000} msat, got {amountMsat}");
        if (amountMsat % 1000 != 0) throw new WalletException(WalletError.InvalidAmount, $"an on-chain amount is whole satoshis: {amountMsat} msat is not");
        if (amountMsat / 1000 < MinimumAmountSats)
            throw new WalletException(WalletError.InvalidAmount,
                $"{amountMsat / 1000} sat is less than {MinimumAmountSats} sat, what claiming or refunding it at {FeeRate} above the dust limit takes");
    }

    private PaymentRow? FindPayment(PaymentHash paymentHash) =>
        _db.Query($"SELECT {PaymentRow.Columns} FROM payments WHERE payment_hash = $hash ORDER BY id DESC LIMIT 1", PaymentRow.Read, ("$hash", paymentHash.ToArray()))
            .FirstOrDefault();
}
