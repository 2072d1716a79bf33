using GigGossip.Htlc.Transactions;
using System.Text.Json.Nodes;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Scripts;

namespace GigGossip.Htlc.Tests.Interop;

/// <summary>
/// Our scripts, addresses and verdicts against bitcoinjs-lib: every spend in <see cref="InteropSpends"/> is judged
/// by our interpreter and by check.js, which must agree with each other and with the expected verdict.
/// </summary>
public class BitcoinJsInteropTests
{
    private static readonly Lazy<JsonArray> SpendResults = new(() =>
        NodeScript.Run([.. InteropSpends.All.Values.Select(s => (JsonNode)s.ToCase())]));

    public static TheoryData<string> SpendNames => [.. InteropSpends.All.Keys];

    [Fact]
    public void At_least_twenty_valid_and_invalid_spends_are_cross_checked()
    {
        Assert.True(InteropSpends.All.Count >= 20);
        Assert.Contains(InteropSpends.All.Values, s => s.Expected == "ok");
        Assert.True(InteropSpends.All.Values.Count(s => s.Expected != "ok") >= 15);
    }

    [Theory]
    [MemberData(nameof(SpendNames))]
    public void Spend_verdict_agrees_with_bitcoinjs(string name)
    {
        var spend = InteropSpends.All[name];
        var ours = InteropSpend.Name(spend.OurVerdict);
        Assert.Equal(spend.Expected, ours);
        Assert.SkipWhen(NodeScript.Unavailable is not null, NodeScript.Unavailable ?? "");
        var index = InteropSpends.All.Keys.ToList().IndexOf(name);
        var theirs = SpendResults.Value[index]!.AsObject();
        Assert.Null(theirs["error"]);
        Assert.Equal(ours, theirs["verdict"]!.GetValue<string>());
        Assert.True(theirs["roundTrip"]!.GetValue<bool>());
        Assert.Equal(spend.Transaction.Txid, theirs["txid"]!.GetValue<string>());
        Assert.Equal(spend.Transaction.Wtxid, theirs["wtxid"]!.GetValue<string>());
        Assert.Equal(spend.Transaction.VirtualSize, theirs["vsize"]!.GetValue<int>());
        Assert.Equal(spend.Transaction.Weight, theirs["weight"]!.GetValue<int>());
    }

    [Theory]
    [InlineData(1u, "regtest")]
    [InlineData(16u, "testnet")]
    [InlineData(17u, "mainnet")]
    [InlineData(800_000u, "regtest")]
    [InlineData(1_700_000_000u, "testnet")]
    [InlineData(uint.MaxValue, "mainnet")]
    public void Witness_script_and_address_agree_with_bitcoinjs(uint locktime, string network)
    {
        Assert.SkipWhen(NodeScript.Unavailable is not null, NodeScript.Unavailable ?? "");
        var fixture = new HtlcFixture(locktime, seed: network);
        var contract = fixture.Contract;
        var address = contract.Address(BitcoinNetwork.Parse(network)).ToString();
        var result = NodeScript.Run([new JsonObject
        {
            ["kind"] = "address",
            ["paymentHash"] = Hex.Of(contract.PaymentHash),
            ["payee"] = Hex.Of(contract.PayeeKey),
            ["payer"] = Hex.Of(contract.PayerKey),
            ["locktime"] = locktime,
            ["network"] = network,
            ["witnessScript"] = Hex.Of(contract.WitnessScript),
            ["address"] = address,
        }])[0]!.AsObject();
        Assert.Null(result["error"]);
        Assert.Equal(Hex.Of(contract.WitnessScript), result["witnessScript"]!.GetValue<string>());
        Assert.Equal(address, result["address"]!.GetValue<string>());
        Assert.Equal(Hex.Of(contract.ScriptPubKey), result["scriptPubKey"]!.GetValue<string>());
        Assert.Equal(Hex.Of(contract.ScriptPubKey), result["ourAddressScriptPubKey"]!.GetValue<string>());
        Assert.Equal(Hex.Of(contract.WitnessScript), result["ourScriptRecompiled"]!.GetValue<string>());
        Assert.Equal(ScriptBytes.ToAsm(contract.WitnessScript), result["ourScriptAsm"]!.GetValue<string>());
    }
}
