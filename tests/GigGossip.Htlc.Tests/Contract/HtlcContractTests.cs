using System.Security.Cryptography;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Scripts;

namespace GigGossip.Htlc.Tests.Contract;

public class HtlcContractTests
{
    private const string G = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    private const string TwoG = "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5";
    private static readonly string Hash = new('1', 64);

    private static HtlcContract Contract(uint locktime) =>
        new(Convert.FromHexString(Hash), Convert.FromHexString(G), Convert.FromHexString(TwoG), locktime);

    [Fact]
    public void Witness_script_is_the_hashlock_timelock_template_byte_for_byte()
    {
        var expected = "a8" + "20" + Hash + "87" + "63" + "21" + G + "67" + "03" + "00350c" + "b1" + "75" + "21" + TwoG + "68" + "ac";
        var contract = Contract(800_000);
        Assert.Equal(expected, Hex.Of(contract.WitnessScript));
        Assert.Equal("0020" + Hex.Of(SHA256.HashData(contract.WitnessScript)), Hex.Of(contract.ScriptPubKey));
        Assert.Equal(
            $"OP_SHA256 {Hash} OP_EQUAL OP_IF {G} OP_ELSE 00350c OP_CHECKLOCKTIMEVERIFY OP_DROP {TwoG} OP_ENDIF OP_CHECKSIG",
            ScriptBytes.ToAsm(contract.WitnessScript));
    }

    [Theory]
    [InlineData(1u, "51")]
    [InlineData(16u, "60")]
    [InlineData(17u, "0111")]
    [InlineData(128u, "028000")]
    [InlineData(1_700_000_000u, "0400f15365")]
    [InlineData(uint.MaxValue, "05ffffffff00")]
    public void Locktime_is_pushed_as_a_minimal_script_number(uint locktime, string push)
    {
        var contract = Contract(locktime);
        Assert.Contains("67" + push + "b175", Hex.Of(contract.WitnessScript));
        Assert.Equal(locktime, HtlcContract.FromWitnessScript(contract.WitnessScript).Locktime);
    }

    [Fact]
    public void Address_is_the_p2wsh_of_the_script_on_each_network()
    {
        var contract = Contract(800_000);
        foreach (var (network, prefix) in new[] { (BitcoinNetwork.Mainnet, "bc1q"), (BitcoinNetwork.Testnet, "tb1q"), (BitcoinNetwork.Regtest, "bcrt1q") })
        {
            var address = contract.Address(network).ToString();
            Assert.StartsWith(prefix, address);
            Assert.Equal(contract.ScriptPubKey, SegwitAddress.Parse(address, network).ScriptPubKey);
        }
    }

    [Fact]
    public void Witness_script_reads_back_into_the_same_contract()
    {
        var fixture = new HtlcFixture();
        var read = HtlcContract.FromWitnessScript(fixture.Contract.WitnessScript);
        Assert.Equal(fixture.Contract.PaymentHash.ToArray(), read.PaymentHash.ToArray());
        Assert.Equal(fixture.Payee.PublicKey, read.PayeeKey.ToArray());
        Assert.Equal(fixture.Payer.PublicKey, read.PayerKey.ToArray());
        Assert.Equal(fixture.Contract.Locktime, read.Locktime);
        Assert.True(read.Unlocks(fixture.Preimage));
        Assert.False(read.Unlocks(fixture.Preimage[1..]));
    }

    [Theory]
    [InlineData("51", "1 elements")]
    [InlineData("a920" + "1111111111111111111111111111111111111111111111111111111111111111" + "87" + "6321" + G + "670300350cb17521" + TwoG + "68ac", "where OP_SHA256 belongs")]
    [InlineData("a81f" + "11111111111111111111111111111111111111111111111111111111111111" + "87" + "6321" + G + "670300350cb17521" + TwoG + "68ac", "payment hash is not a 32-byte push")]
    [InlineData("a820" + "1111111111111111111111111111111111111111111111111111111111111111" + "87" + "6321" + G + "670400350c00b17521" + TwoG + "68ac", "locktime is not a positive minimal script number")]
    [InlineData("a820" + "1111111111111111111111111111111111111111111111111111111111111111" + "87" + "6321" + G + "674c0300350cb17521" + TwoG + "68ac", "not minimally encoded")]
    [InlineData("a820" + "1111111111111111111111111111111111111111111111111111111111111111" + "87" + "632105" + "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798" + "670300350cb17521" + TwoG + "68ac", "payee key is not")]
    [InlineData("a8", "1 elements")]
    [InlineData("4c", "runs past the end")]
    public void Other_scripts_are_not_read_as_contracts(string scriptHex, string reason)
    {
        var error = Assert.Throws<BitcoinFormatException>(() => HtlcContract.FromWitnessScript(Convert.FromHexString(scriptHex)));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Constructor_rejects_bad_hash_keys_and_locktime()
    {
        var hash = Convert.FromHexString(Hash);
        var key = Convert.FromHexString(G);
        Assert.Contains("32 bytes", Assert.Throws<HtlcException>(() => new HtlcContract(hash[1..], key, key, 1)).Message);
        Assert.Contains("payee key", Assert.Throws<HtlcException>(() => new HtlcContract(hash, [0x04, .. key[1..]], key, 1)).Message);
        Assert.Contains("payer key", Assert.Throws<HtlcException>(() => new HtlcContract(hash, key, key[..32], 1)).Message);
        var notOnCurve = Convert.FromHexString("02" + new string('0', 63) + "5");
        Assert.Contains("payer key", Assert.Throws<HtlcException>(() => new HtlcContract(hash, key, notOnCurve, 1)).Message);
        Assert.Contains("locktime", Assert.Throws<HtlcException>(() => new HtlcContract(hash, key, key, 0)).Message);
        Assert.Contains("empty string", Assert.Throws<HtlcException>(() => new HtlcContract(SHA256.HashData([]), key, key, 1)).Message);
    }
}
