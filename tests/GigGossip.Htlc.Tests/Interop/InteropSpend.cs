using System.Text.Json.Nodes;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Scripts;
using GigGossip.Htlc.Transactions;

namespace GigGossip.Htlc.Tests.Interop;

/// <summary>A spend of a fixture's contract, the amount to check it against, and the verdict both sides must reach.</summary>
internal sealed record InteropSpend(HtlcFixture Fixture, Transaction Transaction, long Amount, string Expected)
{
    public ScriptError OurVerdict => WitnessVerifier.Verify(Transaction, 0, Fixture.Contract.ScriptPubKey, Amount);

    public JsonObject ToCase() => new()
    {
        ["kind"] = "spend",
        ["tx"] = Transaction.ToHex(),
        ["inputIndex"] = 0,
        ["amount"] = Amount,
        ["paymentHash"] = Hex.Of(Fixture.Contract.PaymentHash),
        ["payee"] = Hex.Of(Fixture.Contract.PayeeKey),
        ["payer"] = Hex.Of(Fixture.Contract.PayerKey),
        ["locktime"] = Fixture.Contract.Locktime,
    };

    /// <summary>Our interpreter's error under the name check.js gives the same failure.</summary>
    public static string Name(ScriptError error) => error switch
    {
        ScriptError.Ok => "ok",
        ScriptError.NullFail => "nullfail",
        ScriptError.SigHighS => "sig-high-s",
        ScriptError.SigDer => "sig-der",
        ScriptError.SigHashType => "sig-hashtype",
        ScriptError.UnsatisfiedLocktime => "locktime",
        ScriptError.NegativeLocktime => "negative-locktime",
        ScriptError.CleanStack => "cleanstack",
        ScriptError.EvalFalse => "eval-false",
        ScriptError.InvalidStackOperation => "stack",
        ScriptError.WitnessProgramMismatch => "program-mismatch",
        ScriptError.WitnessMalleated => "malleated",
        ScriptError.WitnessProgramWitnessEmpty => "witness-empty",
        ScriptError.PushSize => "push-size",
        ScriptError.PubKeyType or ScriptError.WitnessPubKeyType => "pubkey",
        _ => "other:" + error,
    };
}
