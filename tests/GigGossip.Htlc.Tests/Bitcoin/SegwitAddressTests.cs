using CsCheck;
using GigGossip.Htlc.Bitcoin;

namespace GigGossip.Htlc.Tests.Bitcoin;

public class SegwitAddressTests
{
    [Theory]
    // BIP173 and BIP350 valid addresses with their scriptPubKeys.
    [InlineData("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "mainnet", "0014751e76e8199196d454941c45d1b3a323f1433bd6")]
    [InlineData("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "testnet", "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262")]
    [InlineData("tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", "testnet", "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433")]
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "mainnet", "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798")]
    [InlineData("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", "regtest", "0014751e76e8199196d454941c45d1b3a323f1433bd6")]
    public void Valid_address_decodes_to_its_script_and_encodes_back(string address, string network, string scriptPubKey)
    {
        var parsed = SegwitAddress.Parse(address, BitcoinNetwork.Parse(network));
        Assert.Equal(scriptPubKey, Hex.Of(parsed.ScriptPubKey));
        Assert.Equal(address.ToLowerInvariant(), parsed.ToString());
        Assert.Equal(address.ToLowerInvariant(), SegwitAddress.FromScriptPubKey(parsed.ScriptPubKey, parsed.Network)!.ToString());
    }

    [Theory]
    [InlineData("tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut", "prefix 'tc'")]
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd", "Bech32m checksum")]
    [InlineData("tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf", "Bech32m checksum")]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh", "Bech32 checksum")]
    [InlineData("bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4", "invalid character 'o'")]
    [InlineData("BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R", "witness version 17")]
    [InlineData("bc1pw5dgrnzv", "2 to 40 bytes")]
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav", "2 to 40 bytes")]
    [InlineData("BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P", "must be 20 or 32 bytes")]
    [InlineData("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq", "mixes upper and lower case")]
    [InlineData("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf", "padding")]
    [InlineData("tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j", "padding")]
    [InlineData("bc1gmk9yu", "no witness version")]
    [InlineData("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5", "checksum is wrong")]
    [InlineData("bc1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", "longer than 90")]
    public void Invalid_address_is_rejected_with_its_reason(string address, string reason)
    {
        var error = Assert.Throws<BitcoinFormatException>(() => SegwitAddress.Parse(address));
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Address_of_another_network_is_rejected_when_a_network_is_expected()
    {
        var error = Assert.Throws<BitcoinFormatException>(() =>
            SegwitAddress.Parse("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080", BitcoinNetwork.Mainnet));
        Assert.Equal("address is for regtest, expected mainnet", error.Message);
        Assert.Equal(BitcoinNetwork.Regtest, SegwitAddress.Parse("bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080").Network);
    }

    [Fact]
    public void Unknown_network_name_is_rejected()
    {
        Assert.Contains("unknown network 'liquid'", Assert.Throws<BitcoinFormatException>(() => BitcoinNetwork.Parse("liquid")).Message);
    }

    [Fact]
    public void Non_witness_scripts_have_no_segwit_address()
    {
        Assert.Null(SegwitAddress.FromScriptPubKey(Convert.FromHexString("76a9141d0f172a0ecb48aee1be1f2687d2963ae33f71a188ac"), BitcoinNetwork.Mainnet));
        Assert.Null(SegwitAddress.FromScriptPubKey(Convert.FromHexString("0015751e76e8199196d454941c45d1b3a323f1433bd6aa"), BitcoinNetwork.Mainnet));
    }

    [Fact]
    public void Any_program_round_trips_through_bech32_on_every_network()
    {
        var anyProgram = Gen.Byte.Array[2, 40];
        var versionZeroProgram = Gen.OneOf(Gen.Byte.Array[20], Gen.Byte.Array[32]);
        var samples = Gen.Select(Gen.Int[0, 16], Gen.Int[0, 2]).SelectMany((version, networkIndex) =>
            (version == 0 ? versionZeroProgram : anyProgram).Select(program => (version, network: BitcoinNetwork.All[networkIndex], program)));
        samples.Sample(sample =>
        {
            var address = SegwitAddress.Create(sample.network, sample.version, sample.program);
            var parsed = SegwitAddress.Parse(address.ToString(), sample.network);
            Assert.Equal(sample.version, parsed.WitnessVersion);
            Assert.Equal(sample.program, parsed.Program.ToArray());
        });
    }
}
