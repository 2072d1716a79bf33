using System.Security.Cryptography;
using System.Text;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tests;

/// <summary>A contract between fixed keys, funded by a made-up outpoint, and helpers to sign its spends by hand.</summary>
internal sealed class HtlcFixture
{
    public const long Amount = 100_000;

    public HtlcFixture(uint locktime = 800_000, string seed = "")
    {
        Payee = KeyFrom("payee" + seed);
        Payer = KeyFrom("payer" + seed);
        Preimage = SHA256.HashData(Encoding.UTF8.GetBytes("preimage" + seed));
        Contract = new HtlcContract(SHA256.HashData(Preimage), Payee.PublicKey, Payer.PublicKey, locktime);
        Funding = new HtlcFunding(Txs.Outpoint(SHA256.HashData(Encoding.UTF8.GetBytes("funding" + seed)), 1), Amount);
    }

    public EcdsaKey Payee { get; }
    public EcdsaKey Payer { get; }
    public byte[] Preimage { get; }
    public HtlcContract Contract { get; }
    public HtlcFunding Funding { get; }

    public static byte[] Destination { get; } = SegwitAddress.Parse("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080").ScriptPubKey;

    public static EcdsaKey KeyFrom(string seed) => EcdsaKey.FromBytes(SHA256.HashData(Encoding.UTF8.GetBytes(seed)));

    public Transaction Claim() => HtlcSpendBuilder.Claim(Contract, Funding, Preimage, Payee, Destination, new FeeRate(2));

    public Transaction Refund(uint? lockTime = null) => HtlcSpendBuilder.Refund(Contract, Funding, Payer, Destination, new FeeRate(2), lockTime);

    /// <summary>An unsigned one-input spend of the contract output, for tests that assemble witnesses themselves.</summary>
    public Transaction Unsigned(uint lockTime = 0, uint sequence = BitcoinRules.ReplaceableSequence, long outputValue = Amount - 500) =>
        Txs.Create(2, [Txs.Input(Funding.OutPoint, [], sequence, [])], [Txs.Output(outputValue, Destination)], lockTime);

    /// <summary>A DER + sighash-byte signature of input 0 over the witness script, with any amount and hash type.</summary>
    public byte[] Sign(Transaction tx, EcdsaKey key, long? amount = null, byte hashType = SigHashType.All) =>
        key.SignForScript(SegwitSighash.Compute(tx, 0, Contract.WitnessScript, amount ?? Amount, hashType), hashType);
}
