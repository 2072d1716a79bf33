using System.Security.Cryptography;
using GigGossip.Htlc.Chain;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Transactions;
using GigGossip.Payments;
using GigGossip.Payments.Ledger;
using GigGossip.Protocol.Bolt11;

namespace GigGossip.Htlc.Wallet;

/// <summary>
/// Following the chain. Each sync first walks back from the last scanned block while its hash is no longer the node's
/// at that height (a reorg: coins of the disconnected blocks count as unconfirmed again), then scans every new block
/// in its own SQLite transaction (so a restart resumes where it stopped): outputs paying the wallet are coins, inputs
/// spending a coin mark it spent, inputs spending a contract this wallet funded tell the payer the preimage (a claim)
/// or the refund; a claim still in the mempool tells the preimage too (gettxspendingprevout). Then: Open invoices whose reported funding is deep enough become Accepted, Accepted ones whose
/// locktime the tip has reached are Cancelled, payments whose locktime the tip has reached are refunded.
/// Reorg policy: confirmations are re-read at every sync, so a reorg before acceptance only delays it; an Accepted,
/// Settled or Succeeded state is never taken back (states only move forward), which is safe as long as reorgs are
/// shallower than <see cref="HtlcWalletOptions.RequiredConfirmations"/>; a preimage once seen stays known.
/// </summary>
public sealed partial class HtlcHodlWallet
{
    /// <summary>Reads the chain up to the tip and makes every move it calls for; returns (and publishes) the events.</summary>
    public Task<IReadOnlyList<WalletEvent>> SyncAsync(CancellationToken cancellationToken = default) => Locked(async () =>
    {
        var events = new List<WalletEvent>();
        var tip = await TipAsync(cancellationToken);
        await FollowChainAsync(tip, events, cancellationToken);
        events.AddRange(await LearnFromMempoolAsync(cancellationToken));
        events.AddRange(await AcceptFundedAsync(tip, cancellationToken));
        events.AddRange(CancelPastLocktime(tip));
        events.AddRange(await RefundDueAsync(tip, cancellationToken));
        await RebroadcastAsync(cancellationToken);
        Publish(events);
        return (IReadOnlyList<WalletEvent>)events;
    }, cancellationToken);

    /// <summary>Height of the last block this wallet has scanned.</summary>
    public int ScannedHeight
    {
        get
        {
            _gate.Wait();
            try
            {
                return LastScanned();
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private int LastScanned() => (int)_db.ScalarLong("SELECT max(height) FROM blocks");

    private async Task FollowChainAsync(int tip, List<WalletEvent> events, CancellationToken cancellationToken)
    {
        var scanned = LastScanned();
        while (scanned > BirthHeight)
        {
            var stored = _db.Query("SELECT hash FROM blocks WHERE height = $h", r => r.GetString(0), ("$h", scanned)).Single();
            var height = scanned;
            if (height <= tip && await Call(() => _chain.GetBlockHashAsync(height, cancellationToken)) == stored) break;
            _db.InTransaction(() =>
            {
                _db.Execute("DELETE FROM blocks WHERE height = $h", ("$h", height));
                _db.Execute("UPDATE coins SET height = NULL WHERE height = $h", ("$h", height));
                _db.Execute("UPDATE outbox SET height = NULL WHERE height = $h", ("$h", height));
                return 0;
            });
            scanned--;
        }
        for (var height = scanned + 1; height <= tip; height++)
        {
            var h = height;
            var hash = await Call(() => _chain.GetBlockHashAsync(h, cancellationToken));
            var block = await Call(() => _chain.GetBlockAsync(hash, cancellationToken));
            events.AddRange(_db.InTransaction(() =>
            {
                var found = ScanBlock(block);
                _db.Execute("INSERT INTO blocks (height, hash) VALUES ($h, $hash)", ("$h", h), ("$hash", hash));
                return found;
            }));
        }
    }

    private List<WalletEvent> ScanBlock(ChainBlock block)
    {
        var events = new List<WalletEvent>();
        foreach (var tx in block.Transactions)
        {
            var txid = tx.Txid;
            _db.Execute("UPDATE outbox SET height = $height WHERE txid = $txid", ("$height", block.Height), ("$txid", txid));
            foreach (var input in tx.Inputs)
            {
                var (prevTxid, prevVout) = (input.PrevOut.Txid, (long)input.PrevOut.Index);
                _db.Execute("UPDATE coins SET spent_by = $by WHERE txid = $txid AND vout = $vout", ("$by", txid), ("$txid", prevTxid), ("$vout", prevVout));
                foreach (var payment in _db.Query($"SELECT {PaymentRow.Columns} FROM payments WHERE funding_txid = $txid AND funding_vout = $vout AND state = 0",
                             PaymentRow.Read, ("$txid", prevTxid), ("$vout", prevVout)))
                    events.Add(LearnFromSpend(payment, input));
                foreach (var invoice in _db.Query($"SELECT {InvoiceRow.Columns} FROM invoices WHERE funding_txid = $txid AND funding_vout = $vout AND state = 1",
                             InvoiceRow.Read, ("$txid", prevTxid), ("$vout", prevVout)))
                    events.Add(new InvoiceUpdated(CancelInvoice(invoice, CancelReason.HoldDeadlinePassed), _time.GetUtcNow()));
            }
            for (var n = 0; n < tx.Outputs.Count; n++)
                if (_coins.Owns(tx.Outputs[n].ScriptBytes))
                    _db.Execute("""
                        INSERT INTO coins (txid, vout, value, height, own) VALUES ($txid, $vout, $value, $height, 0)
                        ON CONFLICT (txid, vout) DO UPDATE SET height = excluded.height
                        """, ("$txid", txid), ("$vout", n), ("$value", tx.Outputs[n].Satoshis), ("$height", block.Height));
        }
        return events;
    }

    /// <summary>The payer sees its contract spent: by a claim (the witness carries the preimage) or by its refund.</summary>
    private PaymentUpdated LearnFromSpend(PaymentRow payment, TxIn input)
    {
        var now = _time.GetUtcNow();
        var preimage = input.Witness.Count == 3 && input.Witness[1].Length == 32 && SHA256.HashData(input.Witness[1]).AsSpan().SequenceEqual(payment.PaymentHash)
            ? input.Witness[1]
            : null;
        _db.Execute("UPDATE payments SET state = $state, preimage = $preimage, resolved_at = $now WHERE id = $id",
            ("$state", (int)(preimage is null ? PaymentState.Failed : PaymentState.Succeeded)), ("$preimage", preimage),
            ("$now", now.ToUnixTimeMilliseconds()), ("$id", payment.Id));
        return new PaymentUpdated(FindPayment(PaymentHash.FromBytes(payment.PaymentHash))!.ToPayment(AccountId), now);
    }

    /// <summary>
    /// In-flight payments whose contract a mempool claim spends learn the preimage at once, before the claim is mined
    /// (a hop can then claim upstream without waiting a block). The claim's witness is checked against the payment hash.
    /// </summary>
    private async Task<List<WalletEvent>> LearnFromMempoolAsync(CancellationToken cancellationToken)
    {
        var events = new List<WalletEvent>();
        foreach (var payment in _db.Query($"SELECT {PaymentRow.Columns} FROM payments WHERE state = 0", PaymentRow.Read))
        {
            var funding = Outpoints.FromTxid(payment.FundingTxid, payment.FundingVout);
            if (await Call(() => _chain.GetMempoolSpenderAsync(funding, cancellationToken)) is not { } spender) continue;
            if (await Call(() => _chain.GetRawTransactionAsync(spender, cancellationToken)) is not { } spending) continue;
            var input = spending.Transaction.Inputs.FirstOrDefault(i => i.PrevOut.Txid == payment.FundingTxid && i.PrevOut.Index == payment.FundingVout);
            if (input is { Witness: [_, { Length: 32 } preimage, _] } && SHA256.HashData(preimage).AsSpan().SequenceEqual(payment.PaymentHash))
                events.Add(LearnFromSpend(payment, input));
        }
        return events;
    }

    /// <summary>Open invoices whose reported funding output pays the contract enough with enough confirmations become Accepted.</summary>
    private async Task<List<WalletEvent>> AcceptFundedAsync(int tip, CancellationToken cancellationToken)
    {
        var events = new List<WalletEvent>();
        var open = _db.Query($"SELECT {InvoiceRow.Columns} FROM invoices WHERE state = 0 AND payment_hash IN (SELECT payment_hash FROM notices)", InvoiceRow.Read);
        foreach (var row in open)
        {
            var notices = _db.Query("SELECT witness_script, funding_txid, funding_vout FROM notices WHERE payment_hash = $hash",
                r => new HtlcFundingNotice(HtlcContract.FromWitnessScript((byte[])r[0]), Outpoints.FromTxid(r.GetString(1), (uint)r.GetInt64(2))),
                ("$hash", row.PaymentHash));
            foreach (var notice in notices)
            {
                if (notice.Contract.Locktime <= tip) continue;
                var funding = await Call(() => _chain.GetRawTransactionAsync(notice.Funding.Txid, cancellationToken));
                if (funding is null || funding.Confirmations < RequiredConfirmations || FundingProblem(funding.Transaction, notice, row) is not null) continue;
                var now = _time.GetUtcNow();
                _db.Execute("""
                    UPDATE invoices SET state = 1, witness_script = $script, funding_txid = $txid, funding_vout = $vout, funding_value = $value, hold_deadline = $deadline
                    WHERE payment_hash = $hash
                    """,
                    ("$script", notice.Contract.WitnessScript), ("$txid", notice.Funding.Txid), ("$vout", (long)notice.Funding.Index),
                    ("$value", funding.Transaction.Outputs[(int)notice.Funding.Index].Satoshis),
                    ("$deadline", (now + HodlTiming.Blocks((int)(notice.Contract.Locktime - tip))).ToUnixTimeMilliseconds()), ("$hash", row.PaymentHash));
                events.Add(new InvoiceUpdated(FindInvoice(PaymentHash.FromBytes(row.PaymentHash))!.ToInvoice(AccountId), now));
                break;
            }
        }
        return events;
    }

    /// <summary>Open invoices past their expiry are Cancelled (Expired).</summary>
    private List<WalletEvent> ExpireInvoices()
    {
        var now = _time.GetUtcNow();
        return _db.Query($"SELECT {InvoiceRow.Columns} FROM invoices WHERE state = 0 AND expires_at <= $now", InvoiceRow.Read, ("$now", now.ToUnixTimeMilliseconds()))
            .Select(row => (WalletEvent)new InvoiceUpdated(CancelInvoice(row, CancelReason.Expired), now))
            .ToList();
    }

    /// <summary>Accepted invoices whose contract the payer can now refund are Cancelled: claiming would race the refund.</summary>
    private List<WalletEvent> CancelPastLocktime(int tip)
    {
        var now = _time.GetUtcNow();
        return _db.Query($"SELECT {InvoiceRow.Columns} FROM invoices WHERE state = 1", InvoiceRow.Read)
            .Where(row => HtlcContract.FromWitnessScript(row.WitnessScript!).Locktime <= tip)
            .Select(row => (WalletEvent)new InvoiceUpdated(CancelInvoice(row, CancelReason.HoldDeadlinePassed), now))
            .ToList();
    }

    /// <summary>
    /// In-flight payments whose locktime the tip has reached are refunded to the wallet. A refund the node refuses (the
    /// claim is already in the mempool) leaves the payment in flight: the claim, once mined, tells the preimage.
    /// A refund the node could not be sent stays recorded and is rebroadcast. A contract too small to refund at the
    /// wallet's fee rate (opened again with a higher one) waits in flight.
    /// </summary>
    private async Task<List<WalletEvent>> RefundDueAsync(int tip, CancellationToken cancellationToken)
    {
        var events = new List<WalletEvent>();
        foreach (var row in _db.Query($"SELECT {PaymentRow.Columns} FROM payments WHERE state = 0 AND locktime <= $tip", PaymentRow.Read, ("$tip", tip)))
        {
            var contract = HtlcContract.FromWitnessScript(row.WitnessScript);
            var fundingTx = TransactionHex.Parse(row.FundingHex);
            var funding = new HtlcFunding(Outpoints.FromTxid(row.FundingTxid, row.FundingVout), fundingTx.Outputs[(int)row.FundingVout].Satoshis);
            Transaction refund;
            try
            {
                refund = HtlcSpendBuilder.Refund(contract, funding, _coins.Key, _coins.ScriptPubKey, FeeRate);
            }
            catch (HtlcException)
            {
                continue;
            }
            var now = _time.GetUtcNow();
            _db.InTransaction(() =>
            {
                _db.Execute("UPDATE payments SET state = 2, refund_hex = $hex, resolved_at = $now WHERE id = $id",
                    ("$hex", refund.ToHex()), ("$now", now.ToUnixTimeMilliseconds()), ("$id", row.Id));
                AddOwnCoin(refund, 0);
                Enqueue(refund);
                return 0;
            });
            try
            {
                await BroadcastRecordedAsync(refund, () => _db.Execute(
                    "UPDATE payments SET state = 0, refund_hex = NULL, resolved_at = NULL WHERE id = $id", ("$id", row.Id)), cancellationToken);
            }
            catch (WalletException e) when (e.Error == WalletError.ChainRejected)
            {
                continue;
            }
            catch (WalletException e) when (e.Error == WalletError.Unreachable)
            {
                // The refund stands as recorded: the outbox sends it again at the next sync.
            }
            events.Add(new PaymentUpdated(FindPayment(PaymentHash.FromBytes(row.PaymentHash))!.ToPayment(AccountId), now));
        }
        return events;
    }

    /// <summary>
    /// Sends again every transaction of this wallet that no scanned block holds and the node does not know (lost by a
    /// crash, an unreachable node or a reorg); one the node refuses is dropped from the outbox.
    /// </summary>
    private async Task RebroadcastAsync(CancellationToken cancellationToken)
    {
        foreach (var (txid, hex) in _db.Query("SELECT txid, hex FROM outbox WHERE height IS NULL ORDER BY rowid", r => (r.GetString(0), r.GetString(1))))
        {
            if (await Call(() => _chain.GetRawTransactionAsync(txid, cancellationToken)) is not null) continue;
            try
            {
                await Call(() => _chain.SendRawTransactionAsync(hex, cancellationToken));
            }
            catch (WalletException e) when (e.Error == WalletError.ChainRejected)
            {
                _db.Execute("DELETE FROM outbox WHERE txid = $txid", ("$txid", txid));
            }
        }
    }
}
