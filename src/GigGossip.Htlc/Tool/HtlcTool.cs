using GigGossip.Hosting;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tool;

/// <summary>
/// What `giggossip htlc address|claim|refund|decode` do, from the option strings as typed. Bad input is one
/// <see cref="HtlcException"/> or <see cref="BitcoinFormatException"/> whose message is fit for a one-line error.
/// </summary>
public static class HtlcTool
{
    public static (HtlcContract Contract, SegwitAddress Address) Address(
        string? paymentHash, string? payee, string? payer, string? locktime, string? network, string? now = null)
    {
        var hash = Hex.Parse(HtlcArguments.Required(paymentHash, "--payment-hash"), "payment hash", 32);
        var payeeKey = EcdsaKey.ParsePublicKey(HtlcArguments.Required(payee, "--payee"), "payee key");
        var payerKey = EcdsaKey.ParsePublicKey(HtlcArguments.Required(payer, "--payer"), "payer key");
        var lockValue = HtlcArguments.UInt(HtlcArguments.Required(locktime, "--locktime"), "--locktime");
        var net = BitcoinNetwork.Parse(HtlcArguments.Required(network, "--network"));
        if (now is not null)
        {
            var nowValue = HtlcArguments.UInt(now, "--now");
            HtlcArguments.RequireSameKind(lockValue, nowValue);
            if (lockValue <= nowValue) throw new HtlcException($"locktime {lockValue} is not in the future (now {nowValue}): the payer could refund at once");
        }
        var contract = new HtlcContract(hash, payeeKey, payerKey, lockValue);
        return (contract, contract.Address(net));
    }

    public static HtlcSpendResult Claim(HtlcSpendRequest request)
    {
        var (contract, funding, key, destination, feeRate) = Common(request);
        var preimage = Hex.Parse(HtlcArguments.Required(request.Preimage, "--preimage"), "preimage");
        var tx = HtlcSpendBuilder.Claim(contract, funding, preimage, key, destination, feeRate);
        return new HtlcSpendResult(tx, funding.Amount - tx.Outputs[0].Satoshis);
    }

    public static HtlcSpendResult Refund(HtlcSpendRequest request)
    {
        var (contract, funding, key, destination, feeRate) = Common(request);
        var lockTime = request.Locktime is null ? contract.Locktime : HtlcArguments.UInt(request.Locktime, "--locktime");
        if (request.Now is not null)
        {
            var now = HtlcArguments.UInt(request.Now, "--now");
            HtlcArguments.RequireSameKind(lockTime, now);
            var valid = contract.IsHeightLocked ? lockTime <= now : lockTime < now;
            if (!valid) throw new HtlcException($"refund is not valid yet: nLockTime {lockTime} has not passed (now {now})");
        }
        var tx = HtlcSpendBuilder.Refund(contract, funding, key, destination, feeRate, lockTime);
        return new HtlcSpendResult(tx, funding.Amount - tx.Outputs[0].Satoshis);
    }

    /// <summary>
    /// The public key of an existing key file (<paramref name="keyFile"/>), or of a fresh key written to
    /// <paramref name="outFile"/> (readable by its owner only; an existing file is never overwritten).
    /// </summary>
    public static byte[] Key(string? keyFile, string? outFile)
    {
        if ((keyFile is null) == (outFile is null)) throw new HtlcException("give either --key FILE (show its public key) or --out FILE (make a new key)");
        if (keyFile is not null) return HtlcArguments.KeyFile(keyFile).PublicKey;
        var key = EcdsaKey.Generate();
        try { KeyFile.WriteSecret(outFile!, Convert.FromHexString(key.SecretHex)); }
        catch (KeyFileException e) { throw new HtlcException(e.Message); }
        return key.PublicKey;
    }

    /// <summary>An indented JSON description of a transaction; addresses are shown for <paramref name="network"/> (default mainnet).</summary>
    public static string Decode(string? transactionHex, string? network = null) =>
        TransactionJson.Describe(
            TransactionHex.Parse(HtlcArguments.Required(transactionHex, "--tx")),
            HtlcArguments.Network(network) ?? BitcoinNetwork.Mainnet);

    private static (HtlcContract, HtlcFunding, EcdsaKey, byte[], FeeRate) Common(HtlcSpendRequest request)
    {
        var contract = HtlcContract.FromWitnessScript(Hex.Parse(HtlcArguments.Required(request.Script, "--script"), "witness script"));
        var destination = SegwitAddress.Parse(HtlcArguments.Required(request.To, "--to"), HtlcArguments.Network(request.Network));
        var feeRate = FeeRate.Parse(HtlcArguments.Required(request.FeeRate, "--fee-rate"));
        var key = HtlcArguments.KeyFile(HtlcArguments.Required(request.KeyFile, "--key"));
        return (contract, Funding(request, contract), key, destination.ScriptPubKey, feeRate);
    }

    private static HtlcFunding Funding(HtlcSpendRequest request, HtlcContract contract)
    {
        if ((request.FundingTx is null) == (request.Outpoint is null))
            throw new HtlcException("give either --funding-tx or --outpoint with --amount");
        if (request.FundingTx is not null)
        {
            var funding = HtlcFunding.Find(TransactionHex.Parse(request.FundingTx), contract);
            if (request.Amount is not null && HtlcArguments.Sats(request.Amount, "--amount") != funding.Amount)
                throw new HtlcException($"--amount {request.Amount} does not match the funding output's {funding.Amount} sat");
            return funding;
        }
        var amount = HtlcArguments.Sats(HtlcArguments.Required(request.Amount, "--amount"), "--amount");
        return new HtlcFunding(Outpoints.Parse(request.Outpoint!), amount);
    }
}
