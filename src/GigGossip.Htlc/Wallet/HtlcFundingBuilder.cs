using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Scripts;
using GigGossip.Htlc.Transactions;
using GigGossip.Payments;
using NBitcoin;
using FeeRate = GigGossip.Htlc.Contract.FeeRate;
using ScriptError = GigGossip.Htlc.Scripts.ScriptError;

namespace GigGossip.Htlc.Wallet;

/// <summary>A coin of the wallet: an unspent output paying to its <see cref="WalletCoinScript"/>.</summary>
internal sealed record WalletCoin(string Txid, uint Vout, long Value);

/// <summary>
/// Builds the transaction that funds a contract from the wallet's coins: largest coins first, the contract output of
/// exactly the amount, change back to the wallet unless it would be dust (then it goes to the fee). Every input is
/// verified with the interpreter before the transaction is returned.
/// </summary>
internal static class HtlcFundingBuilder
{
    public static (Transaction Tx, List<WalletCoin> Spent, long Change) Build(
        IReadOnlyList<WalletCoin> coins, WalletCoinScript wallet, HtlcContract contract, long amount, FeeRate feeRate)
    {
        var chosen = new List<WalletCoin>();
        foreach (var coin in coins.OrderByDescending(c => c.Value).ThenBy(c => c.Txid, StringComparer.Ordinal).ThenBy(c => c.Vout))
        {
            chosen.Add(coin);
            var total = chosen.Sum(c => c.Value);
            var withChange = Sized(chosen, wallet, contract, amount, total, feeRate, includeChange: true);
            var change = total - amount - feeRate.FeeFor(withChange.VirtualSize);
            if (change >= TransactionExtensions.DustThresholdOf(wallet.ScriptPubKey))
            {
                withChange.Outputs[1].Value = Money.Satoshis(change);
                return Sign(withChange, chosen, wallet, change);
            }
            var exact = Sized(chosen, wallet, contract, amount, total, feeRate, includeChange: false);
            if (total - amount >= feeRate.FeeFor(exact.VirtualSize)) return Sign(exact, chosen, wallet, 0);
        }
        throw new WalletException(WalletError.InsufficientBalance,
            $"the wallet's {coins.Sum(c => c.Value)} sat in spendable coins do not cover {amount} sat plus the funding fee at {feeRate}");
    }

    private static Transaction Sized(List<WalletCoin> chosen, WalletCoinScript wallet, HtlcContract contract, long amount, long total, FeeRate feeRate, bool includeChange)
    {
        var tx = Network.Main.CreateTransaction();
        tx.Version = HtlcSpendBuilder.TransactionVersion;
        foreach (var coin in chosen)
            tx.Inputs.Add(new TxIn(Outpoints.FromTxid(coin.Txid, coin.Vout)) { Sequence = BitcoinRules.ReplaceableSequence, WitScript = TransactionExtensions.WitnessOf(wallet.PlaceholderWitness) });
        tx.Outputs.Add(Money.Satoshis(amount), new Script(contract.ScriptPubKey));
        if (includeChange) tx.Outputs.Add(Money.Satoshis(total - amount), new Script(wallet.ScriptPubKey));
        return tx;
    }

    private static (Transaction, List<WalletCoin>, long) Sign(Transaction sized, List<WalletCoin> chosen, WalletCoinScript wallet, long change)
    {
        var tx = sized;
        for (var i = 0; i < chosen.Count; i++) tx = tx.WithWitness(i, []);
        for (var i = 0; i < chosen.Count; i++) tx = wallet.Sign(tx, i, chosen[i].Value);
        for (var i = 0; i < chosen.Count; i++)
        {
            var verdict = WitnessVerifier.Verify(tx, i, wallet.ScriptPubKey, chosen[i].Value);
            if (verdict != ScriptError.Ok) throw new InvalidOperationException($"funding input {i} fails script verification: {verdict}");
        }
        return (tx, chosen, change);
    }
}
