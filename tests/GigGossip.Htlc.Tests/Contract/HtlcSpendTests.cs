using CsCheck;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Scripts;
using GigGossip.Htlc.Tests.Scripts;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tests.Contract;

public class HtlcSpendTests
{
    private readonly HtlcFixture _fixture = new();

    private ScriptError Verify(Transaction tx) => WitnessVerifier.Verify(tx, 0, _fixture.Contract.ScriptPubKey, HtlcFixture.Amount);

    [Fact]
    public void Payee_claims_with_the_preimage_and_pays_amount_minus_fee()
    {
        var claim = _fixture.Claim();
        Assert.Equal(ScriptError.Ok, Verify(claim));
        Assert.Equal(0u, claim.LockTime.Value);
        Assert.Equal(_fixture.Preimage, claim.Inputs[0].Witness[1]);
        var fee = HtlcFixture.Amount - claim.Outputs[0].Satoshis;
        Assert.InRange(fee, 2 * claim.VirtualSize, 2 * claim.VirtualSize + 2);
        Assert.Equal(HtlcFixture.Destination, claim.Outputs[0].ScriptBytes);
        Assert.Equal(_fixture.Funding.OutPoint, claim.Inputs[0].PrevOut);
    }

    [Fact]
    public void Payer_refunds_from_the_locktime_with_a_non_final_sequence()
    {
        var refund = _fixture.Refund();
        Assert.Equal(ScriptError.Ok, Verify(refund));
        Assert.Equal(_fixture.Contract.Locktime, refund.LockTime.Value);
        Assert.NotEqual(BitcoinRules.FinalSequence, refund.Inputs[0].Sequence.Value);
        Assert.Empty(refund.Inputs[0].Witness[1]);
        Assert.Equal(ScriptError.Ok, Verify(_fixture.Refund(_fixture.Contract.Locktime + 10)));
    }

    [Fact]
    public void Claim_with_a_wrong_preimage_or_the_payer_key_is_refused()
    {
        var wrong = _fixture.Preimage.ToArray();
        wrong[0] ^= 1;
        Assert.Contains("preimage", Assert.Throws<HtlcException>(() =>
            HtlcSpendBuilder.Claim(_fixture.Contract, _fixture.Funding, wrong, _fixture.Payee, HtlcFixture.Destination, new FeeRate(1))).Message);
        Assert.Contains("payee key", Assert.Throws<HtlcException>(() =>
            HtlcSpendBuilder.Claim(_fixture.Contract, _fixture.Funding, _fixture.Preimage, _fixture.Payer, HtlcFixture.Destination, new FeeRate(1))).Message);
    }

    [Fact]
    public void Refund_before_the_locktime_of_another_kind_or_with_the_payee_key_is_refused()
    {
        var contract = _fixture.Contract;
        Assert.Contains("before", Assert.Throws<HtlcException>(() => _fixture.Refund(contract.Locktime - 1)).Message);
        Assert.Contains("not both", Assert.Throws<HtlcException>(() => _fixture.Refund(1_700_000_000)).Message);
        Assert.Contains("payer key", Assert.Throws<HtlcException>(() =>
            HtlcSpendBuilder.Refund(contract, _fixture.Funding, _fixture.Payee, HtlcFixture.Destination, new FeeRate(1))).Message);
    }

    [Fact]
    public void Spend_that_leaves_dust_is_refused()
    {
        var small = _fixture.Funding with { Amount = 600 };
        var error = Assert.Throws<HtlcException>(() =>
            HtlcSpendBuilder.Claim(_fixture.Contract, small, _fixture.Preimage, _fixture.Payee, HtlcFixture.Destination, new FeeRate(5)));
        Assert.Contains("dust limit of 294 sat", error.Message);
    }

    [Theory]
    [InlineData("0", "positive")]
    [InlineData("-1", "not a number")]
    [InlineData("abc", "not a number")]
    [InlineData("10001", "above")]
    public void Fee_rate_must_be_a_positive_sane_number(string rate, string reason)
    {
        Assert.Contains(reason, Assert.Throws<HtlcException>(() => FeeRate.Parse(rate)).Message);
    }

    [Fact]
    public void Builder_that_produced_an_invalid_spend_throws_instead_of_returning_it()
    {
        var contract = _fixture.Contract;
        var funding = _fixture.Funding;
        var highS = Assert.Throws<HtlcException>(() => HtlcSpendBuilder.Build(contract, funding,
            sighash => CheckSigTests.HighS(_fixture.Payee.SignForScript(sighash, SigHashType.All)), HtlcFixture.Destination, new FeeRate(1), 0,
            signature => HtlcWitness.Claim(signature, _fixture.Preimage, contract.WitnessScript), "claim"));
        Assert.Equal("the claim transaction fails script verification: SigHighS", highS.Message);
        var wrongHash = Assert.Throws<HtlcException>(() => HtlcSpendBuilder.Build(contract, funding,
            sighash => _fixture.Payer.SignForScript(new byte[32], SigHashType.All), HtlcFixture.Destination, new FeeRate(1), contract.Locktime,
            signature => HtlcWitness.Refund(signature, contract.WitnessScript), "refund"));
        Assert.Equal("the refund transaction fails script verification: NullFail", wrongHash.Message);
    }

    [Fact]
    public void Any_contract_is_claimable_with_its_preimage_and_refundable_from_its_locktime()
    {
        Gen.Select(Gen.Byte.Array[1, 64], Gen.UInt[1, 1_000_000], Gen.Long[1_000, 1_000_000_000]).Sample((preimage, locktime, amount) =>
        {
            var payee = EcdsaKey.Generate();
            var payer = EcdsaKey.Generate();
            var contract = new HtlcContract(System.Security.Cryptography.SHA256.HashData(preimage), payee.PublicKey, payer.PublicKey, locktime);
            var funding = new HtlcFunding(Txs.Outpoint(new byte[32], 0), amount);
            var claim = HtlcSpendBuilder.Claim(contract, funding, preimage, payee, HtlcFixture.Destination, new FeeRate(1));
            var refund = HtlcSpendBuilder.Refund(contract, funding, payer, HtlcFixture.Destination, new FeeRate(1));
            Assert.Equal(ScriptError.Ok, WitnessVerifier.Verify(claim, 0, contract.ScriptPubKey, amount));
            Assert.Equal(ScriptError.Ok, WitnessVerifier.Verify(refund, 0, contract.ScriptPubKey, amount));
            Assert.Equal(ScriptError.UnsatisfiedLocktime, WitnessVerifier.Verify(refund.With(tx => tx.LockTime = locktime - 1), 0, contract.ScriptPubKey, amount));
        }, iter: 40);
    }
}
