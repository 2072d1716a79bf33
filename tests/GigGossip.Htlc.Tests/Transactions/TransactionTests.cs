using NBitcoin;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tests.Transactions;

public class TransactionTests
{
    // BIP143, "Native P2WPKH": the unsigned transaction, input 1 spending 6 BTC with this scriptCode and key.
    private const string Bip143Unsigned =
        "0100000002fff7f7881a8099afa6940d42d1e7f6362bec38171ea3edf433541db4e4ad969f0000000000eeffffffef51e1b804cc89d182d279655c3aa89e815b1b309fe287d9b2b55d57b90ec68a0100000000ffffffff02202cb206000000001976a9148280b37df378db99f66f85c95a783a76ac7a6d5988ac9093510d000000001976a9143bde42dbee7e4dbe6a21b2d50ce2f0167faa815988ac11000000";
    private const string Bip143ScriptCode = "76a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac";
    private const string Bip143Sighash = "c37af31116d1b27caf68aae9e3ac82f1477929014d5b917657d0eb49478cb670";
    private const string Bip143SecretKey = "619c335025c7f4012e556c2a58b2506e30b8511b53ade95ea316fd8c3286feb9";
    private const string Bip143PublicKey = "025476c2e83188368da1ff3e292e7acafcdb3566bb0ad253f62fc70f07aeee6357";
    private const string Bip143Signature =
        "304402203609e17b84f6a7d30c80bfa610b5b4542f32a8a0d5447a12fb1366d7f01cc44a0220573a954c4518331561406f90300e8f3358f51928d43c212a8caed02de67eebee01";

    [Fact]
    public void Bip143_sighash_of_the_native_p2wpkh_example_matches()
    {
        var tx = TransactionHex.Parse(Bip143Unsigned);
        var sighash = SegwitSighash.Compute(tx, 1, Convert.FromHexString(Bip143ScriptCode), 600_000_000, SigHashType.All);
        Assert.Equal(Bip143Sighash, Hex.Of(sighash));
    }

    [Fact]
    public void Rfc6979_signature_of_the_bip143_example_is_the_published_der_signature()
    {
        var key = EcdsaKey.FromHex(Bip143SecretKey);
        Assert.Equal(Bip143PublicKey, Hex.Of(key.PublicKey));
        Assert.Equal(Bip143Signature, Hex.Of(key.SignForScript(Convert.FromHexString(Bip143Sighash), SigHashType.All)));
    }

    [Fact]
    public void Legacy_transaction_serialises_back_to_the_same_bytes()
    {
        var tx = TransactionHex.Parse(Bip143Unsigned);
        Assert.False(tx.HasWitness);
        Assert.Equal(2, tx.Inputs.Count);
        Assert.Equal(0xffffffeeu, tx.Inputs[0].Sequence.Value);
        Assert.Equal(112_340_000, tx.Outputs[0].Satoshis);
        Assert.Equal(17u, tx.LockTime.Value);
        Assert.Equal(Bip143Unsigned, tx.ToHex());
        Assert.Equal(tx.Txid, tx.Wtxid);
        Assert.Equal(tx.ToBytes().Length * 4, tx.Weight);
    }

    [Fact]
    public void Segwit_transaction_round_trips_and_its_witness_changes_the_wtxid_but_not_the_txid()
    {
        var fixture = new HtlcFixture();
        var claim = fixture.Claim();
        var parsed = TransactionHex.Parse(claim.ToHex());
        Assert.Equal(claim.ToHex(), parsed.ToHex());
        Assert.Equal(3, parsed.Inputs[0].Witness.Count);
        Assert.Equal(claim.Txid, parsed.Txid);
        Assert.NotEqual(claim.Txid, claim.Wtxid);
        var noWitness = claim.WithWitness(0, []);
        Assert.Equal(claim.Txid, noWitness.Txid);
        Assert.True(claim.Weight < claim.ToBytes().Length * 4);
    }

    [Theory]
    [InlineData("", "truncated")]
    [InlineData("zz", "not hex")]
    [InlineData("020000000001000000000000", "no inputs")]
    [InlineData("02000000000000000000", "unknown flag")]
    public void Malformed_transactions_are_rejected_by_name(string hex, string expected)
    {
        var error = Assert.Throws<BitcoinFormatException>(() => TransactionHex.Parse(hex));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Trailing_bytes_truncation_and_empty_witness_marker_are_rejected()
    {
        var claimHex = new HtlcFixture().Claim().ToHex();
        Assert.Contains("trailing", Assert.Throws<BitcoinFormatException>(() => TransactionHex.Parse(claimHex + "00")).Message);
        Assert.Contains("truncated", Assert.Throws<BitcoinFormatException>(() => TransactionHex.Parse(claimHex[..^10])).Message);
        var unsignedWithMarker = "02000000" + "0001" + Bip143Unsigned[8..^8] + "0000" + "00000000";
        Assert.Contains("no witness", Assert.Throws<BitcoinFormatException>(() => TransactionHex.Parse(unsignedWithMarker)).Message);
        var unknownFlag = "02000000" + "0002" + Bip143Unsigned[8..];
        Assert.Contains("flag", Assert.Throws<BitcoinFormatException>(() => TransactionHex.Parse(unknownFlag)).Message);
    }

    [Fact]
    public void Non_canonical_length_encoding_is_rejected()
    {
        var nonCanonicalInputCount = Bip143Unsigned[..8] + "fd0200" + Bip143Unsigned[10..];
        Assert.Contains("non-canonical", Assert.Throws<BitcoinFormatException>(() => TransactionHex.Parse(nonCanonicalInputCount)).Message);
    }

    [Fact]
    public void Output_amount_above_21_million_bitcoin_is_rejected()
    {
        var tx = TransactionHex.Parse(Bip143Unsigned);
        var inflated = tx.With(t => t.Outputs[0].Value = NBitcoin.Money.Satoshis(BitcoinRules.MaxMoney + 1));
        Assert.Contains("out of range", Assert.Throws<BitcoinFormatException>(() => TransactionHex.Parse(inflated.ToHex())).Message);
    }

    [Fact]
    public void Outpoint_parses_txid_colon_index_and_rejects_other_shapes()
    {
        var txid = new string('a', 62) + "01";
        var outPoint = Outpoints.Parse($"{txid}:3");
        Assert.Equal(txid, outPoint.Txid);
        Assert.Equal(0x01, outPoint.Hash.ToBytes()[0]);
        Assert.Equal(3u, outPoint.Index);
        Assert.Throws<BitcoinFormatException>(() => Outpoints.Parse(txid));
        Assert.Throws<BitcoinFormatException>(() => Outpoints.Parse($"{txid}:-1"));
        Assert.Throws<BitcoinFormatException>(() => Outpoints.Parse($"{txid[2..]}:0"));
    }
}
