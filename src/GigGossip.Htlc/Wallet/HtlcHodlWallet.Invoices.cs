using System.Security.Cryptography;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Transactions;
using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Htlc.Wallet;

/// <summary>The issuer's side: invoices, funding notices, the claim that settles and the cancel that never claims.</summary>
public sealed partial class HtlcHodlWallet
{
    public Task<HodlInvoice> CreateInvoiceAsync(HodlInvoiceRequest request, CancellationToken cancellationToken = default) => Locked(() =>
    {
        ArgumentNullException.ThrowIfNull(request.PaymentHash);
        RequireOnChainAmount(request.AmountMsat);
        InvoiceTerms.Require(request);
        if (FindInvoice(request.PaymentHash) is not null)
            throw new WalletException(WalletError.DuplicateInvoice, $"account {AccountId} already has an invoice on payment hash {request.PaymentHash}");
        var timestamp = DateTimeOffset.FromUnixTimeSeconds(_time.GetUtcNow().ToUnixTimeSeconds());
        var secret = PaymentSecret.FromBytes(HMACSHA256.HashData(_secret, (byte[])[.. "gig-gossip/htlc-payment-secret"u8, .. request.PaymentHash.Bytes]));
        var bolt11 = Bolt11Encoder.Encode(new Bolt11InvoiceDraft(Bolt11NetworkOf(Network), request.AmountMsat, timestamp, request.PaymentHash, secret,
            request.Description, ExpirySeconds: request.ExpirySeconds, MinFinalCltvExpiryDelta: request.MinFinalCltvExpiryDelta), _secret);
        _db.Execute("""
            INSERT INTO invoices (payment_hash, payment_secret, amount_msat, description, bolt11, created_at, expires_at, min_final_cltv, state)
            VALUES ($hash, $secret, $amount, $description, $bolt11, $created, $expires, $cltv, 0)
            """,
            ("$hash", request.PaymentHash.ToArray()), ("$secret", secret.ToArray()), ("$amount", request.AmountMsat), ("$description", request.Description),
            ("$bolt11", bolt11), ("$created", timestamp.ToUnixTimeMilliseconds()), ("$expires", (timestamp.ToUnixTimeSeconds() + request.ExpirySeconds) * 1000),
            ("$cltv", request.MinFinalCltvExpiryDelta));
        return Task.FromResult(FindInvoice(request.PaymentHash)!.ToInvoice(AccountId));
    }, cancellationToken);

    /// <summary>
    /// The issuer takes a payer's <see cref="HtlcFundingNotice"/>: the contract must pay this wallet's key on the hash of
    /// one of its Open invoices with a locktime leaving at least its <c>min_final_cltv_expiry_delta</c> blocks, and, when
    /// the node already knows the funding transaction, its output must pay the contract's script at least the amount.
    /// The invoice becomes Accepted at once if the funding is deep enough, otherwise at a later <see cref="SyncAsync"/>.
    /// </summary>
    public Task<HodlInvoice> ReportFundingAsync(HtlcFundingNotice notice, CancellationToken cancellationToken = default) => Locked(async () =>
    {
        var contract = notice.Contract;
        var hash = PaymentHash.FromBytes(contract.PaymentHash);
        var row = FindInvoice(hash) ?? throw new WalletException(WalletError.UnknownInvoice, $"account {AccountId} has no invoice on payment hash {hash}");
        if (!contract.PayeeKey.SequenceEqual(PublicKey)) throw new WalletException(WalletError.InvalidArgument, "the contract pays another key, not this wallet's");
        if (row.State != InvoiceState.Open) throw InvoiceNotOpen(row.State);
        var tip = await TipAsync(cancellationToken);
        if (!contract.IsHeightLocked || contract.Locktime <= tip || contract.Locktime - tip < row.MinFinalCltv)
            throw new WalletException(WalletError.InvalidHold,
                $"the contract's locktime {contract.Locktime} leaves {(long)contract.Locktime - tip} blocks after the tip {tip}; the invoice needs at least {row.MinFinalCltv}");
        var funding = await Call(() => _chain.GetRawTransactionAsync(notice.Funding.Txid, cancellationToken));
        if (funding is not null && FundingProblem(funding.Transaction, notice, row) is { } problem) throw new WalletException(WalletError.InvalidArgument, problem);
        _db.Execute("INSERT OR IGNORE INTO notices (payment_hash, witness_script, funding_txid, funding_vout) VALUES ($hash, $script, $txid, $vout)",
            ("$hash", row.PaymentHash), ("$script", contract.WitnessScript), ("$txid", notice.Funding.Txid), ("$vout", (long)notice.Funding.Index));
        Publish(await AcceptFundedAsync(tip, cancellationToken));
        return FindInvoice(hash)!.ToInvoice(AccountId);
    }, cancellationToken);

    /// <summary>Broadcasts the claim of the Accepted invoice's contract (which reveals the preimage); the coins come to this wallet.</summary>
    public Task<HodlInvoice> SettleAsync(PaymentHash paymentHash, Preimage preimage, CancellationToken cancellationToken = default) => Locked(async () =>
    {
        var row = FindInvoice(paymentHash) ?? throw new WalletException(WalletError.UnknownInvoice, $"account {AccountId} has no invoice on payment hash {paymentHash}");
        if (!preimage.Matches(paymentHash)) throw new WalletException(WalletError.WrongPreimage, $"SHA256 of the preimage is not payment hash {paymentHash}");
        switch (row.State)
        {
            case InvoiceState.Open: throw new WalletException(WalletError.NotAccepted, "invoice is not paid yet: only an Accepted invoice can be settled");
            case InvoiceState.Settled: throw new WalletException(WalletError.AlreadySettled, "invoice is already settled");
            case InvoiceState.Cancelled: throw new WalletException(WalletError.AlreadyCancelled, "invoice is cancelled");
        }
        var contract = HtlcContract.FromWitnessScript(row.WitnessScript!);
        var tip = await TipAsync(cancellationToken);
        if (tip >= contract.Locktime)
            throw new WalletException(WalletError.HoldDeadlinePassed, $"the tip {tip} has reached the contract's locktime {contract.Locktime}: the payer can refund, the claim is not safe");
        var funding = new HtlcFunding(Outpoints.FromTxid(row.FundingTxid!, row.FundingVout!.Value), row.FundingValue!.Value);
        Transaction claim;
        try
        {
            claim = HtlcSpendBuilder.Claim(contract, funding, preimage.Bytes, _coins.Key, _coins.ScriptPubKey, FeeRate);
        }
        catch (HtlcException e)
        {
            throw new WalletException(WalletError.InvalidAmount, $"cannot claim: {e.Message}");
        }
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _db.InTransaction(() =>
        {
            _db.Execute("UPDATE invoices SET state = 2, preimage = $preimage, claim_hex = $claim, resolved_at = $now WHERE payment_hash = $hash",
                ("$preimage", preimage.ToArray()), ("$claim", claim.ToHex()), ("$now", now), ("$hash", row.PaymentHash));
            AddOwnCoin(claim, 0);
            Enqueue(claim);
            return 0;
        });
        await BroadcastRecordedAsync(claim, () => _db.Execute(
            "UPDATE invoices SET state = 1, preimage = NULL, claim_hex = NULL, resolved_at = NULL WHERE payment_hash = $hash", ("$hash", row.PaymentHash)), cancellationToken);
        var settled = FindInvoice(paymentHash)!.ToInvoice(AccountId);
        Publish([new InvoiceUpdated(settled, _time.GetUtcNow())]);
        return settled;
    }, cancellationToken);

    /// <summary>Cancels the Open or Accepted invoice: this wallet will never claim its contract, and the payer refunds at the locktime.</summary>
    public Task<HodlInvoice> CancelAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) => Locked(() =>
    {
        var row = FindInvoice(paymentHash) ?? throw new WalletException(WalletError.UnknownInvoice, $"account {AccountId} has no invoice on payment hash {paymentHash}");
        if (row.State == InvoiceState.Settled) throw new WalletException(WalletError.AlreadySettled, "invoice is already settled");
        if (row.State == InvoiceState.Cancelled) throw new WalletException(WalletError.AlreadyCancelled, "invoice is already cancelled");
        var cancelled = CancelInvoice(row, CancelReason.ByIssuer);
        Publish([new InvoiceUpdated(cancelled, _time.GetUtcNow())]);
        return Task.FromResult(cancelled);
    }, cancellationToken);

    public Task<HodlInvoice?> GetInvoiceAsync(PaymentHash paymentHash, CancellationToken cancellationToken = default) =>
        Locked(() => Task.FromResult(FindInvoice(paymentHash)?.ToInvoice(AccountId)), cancellationToken);

    private static WalletException InvoiceNotOpen(InvoiceState state) => state == InvoiceState.Cancelled
        ? new WalletException(WalletError.AlreadyCancelled, "invoice is cancelled")
        : new WalletException(WalletError.AlreadyPaid, "invoice is already paid");

    /// <summary>Why the notice's output does not pay the invoice, or null when it does.</summary>
    private static string? FundingProblem(Transaction funding, HtlcFundingNotice notice, InvoiceRow row)
    {
        if (notice.Funding.Index >= funding.Outputs.Count) return $"funding transaction {funding.Txid} has no output {notice.Funding.Index}";
        var output = funding.Outputs[(int)notice.Funding.Index];
        if (!output.ScriptBytes.AsSpan().SequenceEqual(notice.Contract.ScriptPubKey)) return $"output {Outpoints.Format(notice.Funding)} does not pay the contract's P2WSH script";
        if (output.Satoshis * 1000 < row.AmountMsat) return $"output {Outpoints.Format(notice.Funding)} pays {output.Satoshis} sat, the invoice asks {row.AmountMsat / 1000} sat";
        return null;
    }

    private HodlInvoice CancelInvoice(InvoiceRow row, CancelReason reason)
    {
        _db.Execute("UPDATE invoices SET state = 3, cancel_reason = $reason, resolved_at = $now WHERE payment_hash = $hash",
            ("$reason", (int)reason), ("$now", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("$hash", row.PaymentHash));
        return FindInvoice(PaymentHash.FromBytes(row.PaymentHash))!.ToInvoice(AccountId);
    }

    private InvoiceRow? FindInvoice(PaymentHash paymentHash) =>
        _db.Query($"SELECT {InvoiceRow.Columns} FROM invoices WHERE payment_hash = $hash", InvoiceRow.Read, ("$hash", paymentHash.ToArray())).FirstOrDefault();
}
