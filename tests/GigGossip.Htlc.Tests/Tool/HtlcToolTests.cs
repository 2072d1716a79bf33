using GigGossip.Hosting;
using System.Text.Json.Nodes;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Scripts;
using GigGossip.Htlc.Tool;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tests.Tool;

public sealed class HtlcToolTests : IDisposable
{
    private const string To = "bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080";
    private readonly HtlcFixture _fixture = new(locktime: 800_000);
    private readonly string _directory = Directory.CreateTempSubdirectory("giggossip-htlc-").FullName;
    private readonly Transaction _funding;

    public HtlcToolTests()
    {
        KeyFile.WriteSecret(PayeeKeyFile, SecretOf("payee"));
        KeyFile.WriteSecret(PayerKeyFile, SecretOf("payer"));
        _funding = Txs.Create(2, [Txs.Input(Txs.Outpoint(new byte[32], 0), [], BitcoinRules.FinalSequence, [[0x01]])],
            [Txs.Output(5_000, [0x00, 0x14, .. new byte[20]]), Txs.Output(HtlcFixture.Amount, _fixture.Contract.ScriptPubKey)], 0);
    }

    private string PayeeKeyFile => Path.Combine(_directory, "payee.key");
    private string PayerKeyFile => Path.Combine(_directory, "payer.key");

    private static byte[] SecretOf(string seed) => System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed));

    private HtlcSpendRequest ClaimRequest => new()
    {
        FundingTx = _funding.ToHex(),
        Script = Hex.Of(_fixture.Contract.WitnessScript),
        Preimage = Hex.Of(_fixture.Preimage),
        KeyFile = PayeeKeyFile,
        To = To,
        FeeRate = "2",
    };

    private HtlcSpendRequest RefundRequest => ClaimRequest with { Preimage = null, KeyFile = PayerKeyFile };

    [Fact]
    public void Address_gives_the_contract_address_and_witness_script()
    {
        var c = _fixture.Contract;
        var (contract, address) = HtlcTool.Address(Hex.Of(c.PaymentHash), Hex.Of(c.PayeeKey), Hex.Of(c.PayerKey), "800000", "regtest", now: "799000");
        Assert.Equal(c.WitnessScript, contract.WitnessScript);
        Assert.Equal(c.Address(BitcoinNetwork.Regtest).ToString(), address.ToString());
        Assert.StartsWith("bcrt1q", address.ToString());
    }

    [Theory]
    [InlineData("zz", "payee", "payer", "800000", "regtest", null, "payment hash is not hex")]
    [InlineData("hash", "02ab", "payer", "800000", "regtest", null, "payee key must be a 33-byte")]
    [InlineData("hash", "payee", "payer", "-5", "regtest", null, "--locktime '-5' is not a whole number")]
    [InlineData("hash", "payee", "payer", "800000", "signet2", null, "unknown network 'signet2'")]
    [InlineData("hash", "payee", "payer", "800000", "regtest", "800000", "locktime 800000 is not in the future (now 800000)")]
    [InlineData("hash", "payee", "payer", "800000", "regtest", "1700000000", "locktime 800000 is a block height but --now 1700000000 is a unix time")]
    [InlineData(null, "payee", "payer", "800000", "regtest", null, "--payment-hash is required")]
    [InlineData("hash", "payee", "payer", "800000", null, null, "--network is required")]
    public void Address_rejects_bad_input_with_one_message(string? hash, string payee, string payer, string locktime, string? network, string? now, string message)
    {
        var c = _fixture.Contract;
        string? Resolve(string? value) => value switch
        {
            "hash" => Hex.Of(c.PaymentHash),
            "payee" => Hex.Of(c.PayeeKey),
            "payer" => Hex.Of(c.PayerKey),
            _ => value,
        };
        var error = Assert.ThrowsAny<Exception>(() => HtlcTool.Address(Resolve(hash), Resolve(payee), Resolve(payer), locktime, network, now));
        Assert.True(error is HtlcException or BitcoinFormatException, error.GetType().Name);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Claim_from_the_funding_transaction_finds_the_output_and_verifies()
    {
        var result = HtlcTool.Claim(ClaimRequest);
        Assert.Equal(_funding.Txid, result.Transaction.Inputs[0].PrevOut.Txid);
        Assert.Equal(1u, result.Transaction.Inputs[0].PrevOut.Index);
        Assert.Equal(HtlcFixture.Amount - result.Fee, result.Transaction.Outputs[0].Satoshis);
        Assert.Equal(ScriptError.Ok, WitnessVerifier.Verify(result.Transaction, 0, _fixture.Contract.ScriptPubKey, HtlcFixture.Amount));
        Assert.Contains($"txid {result.Transaction.Txid}", result.Summary);
    }

    [Fact]
    public void Claim_from_an_outpoint_and_amount_gives_the_same_transaction()
    {
        var fromOutpoint = HtlcTool.Claim(ClaimRequest with { FundingTx = null, Outpoint = $"{_funding.Txid}:1", Amount = "100000" });
        Assert.Equal(HtlcTool.Claim(ClaimRequest).Transaction.ToHex(), fromOutpoint.Transaction.ToHex());
    }

    [Fact]
    public void Claim_rejects_bad_input_with_one_message()
    {
        var wrong = _fixture.Preimage.ToArray();
        wrong[5] ^= 0xff;
        AssertRejected(ClaimRequest with { Preimage = Hex.Of(wrong) }, "preimage does not hash to the contract's payment hash");
        AssertRejected(ClaimRequest with { Preimage = "xyz" }, "preimage is not hex");
        AssertRejected(ClaimRequest with { Network = "mainnet" }, "address is for regtest, expected mainnet");
        AssertRejected(ClaimRequest with { To = "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5" }, "checksum is wrong");
        AssertRejected(ClaimRequest with { KeyFile = PayerKeyFile }, "key is not the contract's payee key");
        AssertRejected(ClaimRequest with { KeyFile = Path.Combine(_directory, "missing.key") }, "cannot read key file");
        AssertRejected(ClaimRequest with { Amount = "99999" }, "does not match the funding output's 100000 sat");
        AssertRejected(ClaimRequest with { Outpoint = $"{_funding.Txid}:1" }, "give either --funding-tx or --outpoint");
        AssertRejected(ClaimRequest with { FundingTx = null, Outpoint = $"{_funding.Txid}:1" }, "--amount is required");
        AssertRejected(ClaimRequest with { FundingTx = null, Outpoint = $"{_funding.Txid}:1", Amount = "1e5" }, "--amount '1e5' is not an amount");
        AssertRejected(ClaimRequest with { FundingTx = _funding.ToHex()[..^2] }, "transaction is truncated");
        AssertRejected(ClaimRequest with { Script = "a8" }, "not an HTLC witness script");
        AssertRejected(ClaimRequest with { FeeRate = "fast" }, "fee rate 'fast' is not a number");
        var unrelated = _funding.With(tx => tx.Outputs.RemoveAt(1));
        AssertRejected(ClaimRequest with { FundingTx = unrelated.ToHex() }, "has no output paying to the contract");
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Malformed_key_file_is_rejected()
    {
        File.WriteAllText(PayeeKeyFile, "not a key");
        AssertRejected(ClaimRequest, "must hold 64 hex characters");
        File.WriteAllText(PayeeKeyFile, new string('0', 64));
        AssertRejected(ClaimRequest, "secret key is out of range");
        File.SetUnixFileMode(PayeeKeyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        AssertRejected(ClaimRequest, "is accessible by others");
    }

    [Fact]
    public void Refund_waits_for_the_locktime_relative_to_now()
    {
        AssertRejected(RefundRequest with { Now = "799999" }, "refund is not valid yet: nLockTime 800000 has not passed (now 799999)");
        AssertRejected(RefundRequest with { Locktime = "799999" }, "before the contract's locktime 800000");
        AssertRejected(RefundRequest with { Now = "1700000000" }, "is a block height but --now 1700000000 is a unix time");
        var refund = HtlcTool.Refund(RefundRequest with { Now = "800000" });
        Assert.Equal(800_000u, refund.Transaction.LockTime.Value);
        var later = HtlcTool.Refund(RefundRequest with { Locktime = "800123", Now = "800200" });
        Assert.Equal(800_123u, later.Transaction.LockTime.Value);
        Assert.Equal(ScriptError.Ok, WitnessVerifier.Verify(later.Transaction, 0, _fixture.Contract.ScriptPubKey, HtlcFixture.Amount));
    }

    [Fact]
    public void Decode_names_the_htlc_spend_and_its_preimage()
    {
        var claim = HtlcTool.Claim(ClaimRequest).Transaction;
        var json = JsonNode.Parse(HtlcTool.Decode(claim.ToHex(), "regtest"))!;
        Assert.Equal(claim.Txid, json["txid"]!.GetValue<string>());
        Assert.Equal(claim.VirtualSize, json["vsize"]!.GetValue<int>());
        var htlc = json["vin"]![0]!["htlc"]!;
        Assert.Equal("claim", htlc["spend"]!.GetValue<string>());
        Assert.Equal(Hex.Of(_fixture.Preimage), htlc["preimage"]!.GetValue<string>());
        Assert.Equal(800_000u, htlc["locktime"]!.GetValue<uint>());
        Assert.Equal(To, json["vout"]![0]!["address"]!.GetValue<string>());

        var refund = HtlcTool.Refund(RefundRequest).Transaction;
        var refundJson = JsonNode.Parse(HtlcTool.Decode(refund.ToHex()))!;
        Assert.Equal("refund", refundJson["vin"]![0]!["htlc"]!["spend"]!.GetValue<string>());
        Assert.Equal("height", refundJson["locktime_kind"]!.GetValue<string>());
        Assert.StartsWith("bc1q", refundJson["vout"]![0]!["address"]!.GetValue<string>());

        var funding = JsonNode.Parse(HtlcTool.Decode(_funding.ToHex(), "regtest"))!;
        Assert.Null(funding["vin"]![0]!["htlc"]);
        Assert.Equal(_fixture.Contract.Address(BitcoinNetwork.Regtest).ToString(), funding["vout"]![1]!["address"]!.GetValue<string>());
    }

    [Fact]
    public void Decode_rejects_malformed_transactions()
    {
        Assert.Contains("transaction is not hex", Assert.Throws<BitcoinFormatException>(() => HtlcTool.Decode("nothex")).Message);
        Assert.Contains("--tx is required", Assert.Throws<HtlcException>(() => HtlcTool.Decode(" ")).Message);
    }

    [Fact]
    public void Key_file_is_created_once_and_its_public_key_shown()
    {
        var path = Path.Combine(_directory, "new.key");
        var created = HtlcTool.Key(null, path);
        Assert.Equal(created, HtlcTool.Key(path, null));
        Assert.Equal(created, EcdsaKey.FromHex(File.ReadAllText(path)).PublicKey);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Contains("already exists", Assert.Throws<HtlcException>(() => HtlcTool.Key(null, path)).Message);
        Assert.Equal(created, HtlcTool.Key(path, null));
        Assert.Equal(_fixture.Payee.PublicKey, HtlcTool.Key(PayeeKeyFile, null));
        Assert.Contains("give either --key", Assert.Throws<HtlcException>(() => HtlcTool.Key(null, null)).Message);
    }

    private static void AssertRejected(HtlcSpendRequest request, string message)
    {
        var error = Assert.ThrowsAny<Exception>(() => request.Preimage is null ? HtlcTool.Refund(request) : HtlcTool.Claim(request));
        Assert.True(error is HtlcException or BitcoinFormatException, $"{error.GetType().Name}: {error.Message}");
        Assert.Contains(message, error.Message);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
