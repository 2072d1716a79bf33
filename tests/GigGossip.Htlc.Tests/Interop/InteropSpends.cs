using System.Security.Cryptography;
using GigGossip.Htlc.Tests.Scripts;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tests.Interop;

/// <summary>Valid and invalid claims and refunds, each with the verdict a Bitcoin node would reach.</summary>
internal static class InteropSpends
{
    private static readonly HtlcFixture Heights = new(locktime: 800_000);
    private static readonly HtlcFixture Times = new(locktime: 1_700_000_000, seed: "time");
    private static readonly HtlcFixture Small = new(locktime: 16, seed: "small");
    private static readonly byte[] WrongPreimage = SHA256.HashData("not the preimage"u8);

    public static IReadOnlyDictionary<string, InteropSpend> All { get; } = Build();

    private static Dictionary<string, InteropSpend> Build() => new()
    {
        ["claim with the preimage"] = Valid(Heights, Heights.Claim()),
        ["claim with a wrong preimage goes to the refund branch and fails its locktime"] =
            Claim(Heights, WrongPreimage, Heights.Unsigned(), Heights.Payee, expected: "locktime"),
        ["claim with a wrong preimage after the locktime fails the payer's key"] =
            Claim(Heights, WrongPreimage, Heights.Unsigned(lockTime: 800_000), Heights.Payee, expected: "nullfail"),
        ["claim signed by the payer"] = Claim(Heights, Heights.Preimage, Heights.Unsigned(), Heights.Payer, expected: "nullfail"),
        ["claim with the high-S twin signature"] = Witness(Heights, Heights.Unsigned(), tx =>
            [CheckSigTests.HighS(Heights.Sign(tx, Heights.Payee)), Heights.Preimage, Heights.Contract.WitnessScript], "sig-high-s"),
        ["claim signed over a wrong amount"] = Witness(Heights, Heights.Unsigned(), tx =>
            [Heights.Sign(tx, Heights.Payee, amount: HtlcFixture.Amount - 1), Heights.Preimage, Heights.Contract.WitnessScript], "nullfail"),
        ["valid claim checked against a wrong amount"] = new(Heights, Heights.Claim(), HtlcFixture.Amount + 1, "nullfail"),
        ["claim signed SINGLE|ANYONECANPAY"] = Witness(Heights, Heights.Unsigned(), tx =>
            [Heights.Sign(tx, Heights.Payee, hashType: SigHashType.Single | SigHashType.AnyoneCanPay), Heights.Preimage, Heights.Contract.WitnessScript], "ok"),
        ["claim whose sighash byte was changed after signing"] = Witness(Heights, Heights.Unsigned(), tx =>
            [[.. Heights.Sign(tx, Heights.Payee)[..^1], SigHashType.None], Heights.Preimage, Heights.Contract.WitnessScript], "nullfail"),
        ["claim with an undefined sighash type"] = Witness(Heights, Heights.Unsigned(), tx =>
            [Heights.Sign(tx, Heights.Payee, hashType: 0x04), Heights.Preimage, Heights.Contract.WitnessScript], "sig-hashtype"),
        ["claim with a zero-padded DER integer"] = Witness(Heights, Heights.Unsigned(), tx =>
            [PadR(Heights.Sign(tx, Heights.Payee)), Heights.Preimage, Heights.Contract.WitnessScript], "sig-der"),
        ["claim with an empty signature"] = Witness(Heights, Heights.Unsigned(), _ =>
            [[], Heights.Preimage, Heights.Contract.WitnessScript], "eval-false"),
        ["claim with an extra witness item"] = Witness(Heights, Heights.Unsigned(), tx =>
            [[0x01], Heights.Sign(tx, Heights.Payee), Heights.Preimage, Heights.Contract.WitnessScript], "cleanstack"),
        ["claim without a signature"] = Witness(Heights, Heights.Unsigned(), _ =>
            [Heights.Preimage, Heights.Contract.WitnessScript], "stack"),
        ["claim carrying another contract's witness script"] = Witness(Heights, Heights.Unsigned(), tx =>
            [Heights.Sign(tx, Heights.Payee), Heights.Preimage, Times.Contract.WitnessScript], "program-mismatch"),
        ["claim with a scriptSig"] = new(Heights, WithScriptSig(Heights.Claim(), [0x00]), HtlcFixture.Amount, "malleated"),
        ["claim with no witness"] = Witness(Heights, Heights.Unsigned(), _ => [], "witness-empty"),
        ["refund at the locktime"] = Valid(Heights, Heights.Refund()),
        ["refund a hundred blocks after the locktime"] = Valid(Heights, Heights.Refund(800_100)),
        ["refund one block before the locktime"] = Refund(Heights, Heights.Unsigned(lockTime: 799_999), Heights.Payer, [], "locktime"),
        ["refund with a final sequence"] =
            Refund(Heights, Heights.Unsigned(lockTime: 800_000, sequence: BitcoinRules.FinalSequence), Heights.Payer, [], "locktime"),
        ["refund signed by the payee"] = Refund(Heights, Heights.Unsigned(lockTime: 800_000), Heights.Payee, [], "nullfail"),
        ["refund of a height lock with a time locktime"] =
            Refund(Heights, Heights.Unsigned(lockTime: 1_700_000_000), Heights.Payer, [], "locktime"),
        ["refund of a time lock at its time"] = Valid(Times, Times.Refund()),
        ["refund of a time lock one second early"] = Refund(Times, Times.Unsigned(lockTime: 1_699_999_999), Times.Payer, [], "locktime"),
        ["refund with a non-empty wrong selector"] = Refund(Heights, Heights.Unsigned(lockTime: 800_000), Heights.Payer, WrongPreimage, "ok"),
        ["refund with the preimage as selector opens the payee branch"] =
            Refund(Heights, Heights.Unsigned(lockTime: 800_000), Heights.Payer, Heights.Preimage, "nullfail"),
        ["refund of an OP_16 locktime at 16"] = Valid(Small, Small.Refund()),
        ["refund of an OP_16 locktime at 15"] = Refund(Small, Small.Unsigned(lockTime: 15), Small.Payer, [], "locktime"),
        ["claim of an OP_16 locktime contract"] = Valid(Small, Small.Claim()),
    };

    private static InteropSpend Valid(HtlcFixture fixture, Transaction tx) => new(fixture, tx, HtlcFixture.Amount, "ok");

    private static InteropSpend Witness(HtlcFixture fixture, Transaction unsigned, Func<Transaction, IReadOnlyList<byte[]>> witness, string expected) =>
        new(fixture, unsigned.WithWitness(0, witness(unsigned)), HtlcFixture.Amount, expected);

    private static InteropSpend Claim(HtlcFixture fixture, byte[] preimage, Transaction unsigned, EcdsaKey signer, string expected) =>
        Witness(fixture, unsigned, tx => [fixture.Sign(tx, signer), preimage, fixture.Contract.WitnessScript], expected);

    private static InteropSpend Refund(HtlcFixture fixture, Transaction unsigned, EcdsaKey signer, byte[] selector, string expected) =>
        Witness(fixture, unsigned, tx => [fixture.Sign(tx, signer), selector, fixture.Contract.WitnessScript], expected);

    private static Transaction WithScriptSig(Transaction tx, byte[] scriptSig) =>
        tx.With(t => t.Inputs[0].ScriptSig = new NBitcoin.Script(scriptSig));

    /// <summary>The same signature with a needless 0x00 in front of r: same numbers, not strict DER.</summary>
    private static byte[] PadR(byte[] signature)
    {
        var lengthR = signature[3];
        return [0x30, (byte)(signature[1] + 1), 0x02, (byte)(lengthR + 1), 0x00, .. signature.AsSpan(4)];
    }
}
