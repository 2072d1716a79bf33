using System.Text.Json;
using System.Text.Json.Nodes;
using GigGossip.Htlc.Bitcoin;
using GigGossip.Htlc.Contract;
using GigGossip.Htlc.Scripts;
using GigGossip.Htlc.Transactions;
using NBitcoin;

namespace GigGossip.Htlc.Tool;

/// <summary>A readable JSON view of a transaction, naming the HTLC spends among its inputs.</summary>
public static class TransactionJson
{
    public static string Describe(Transaction tx, BitcoinNetwork network)
    {
        var json = new JsonObject
        {
            ["txid"] = tx.Txid,
            ["wtxid"] = tx.Wtxid,
            ["version"] = tx.Version,
            ["size"] = tx.ToBytes().Length,
            ["vsize"] = tx.VirtualSize,
            ["weight"] = tx.Weight,
            ["locktime"] = tx.LockTime.Value,
            ["locktime_kind"] = tx.LockTime.Value == 0 ? "none" : tx.LockTime.Value < BitcoinRules.LocktimeThreshold ? "height" : "time",
            ["vin"] = new JsonArray([.. tx.Inputs.Select(Input)]),
            ["vout"] = new JsonArray([.. tx.Outputs.Select((output, n) => Output(output, n, network))]),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static JsonNode Input(TxIn input)
    {
        var json = new JsonObject
        {
            ["txid"] = input.PrevOut.Txid,
            ["vout"] = input.PrevOut.Index,
            ["scriptSig"] = Hex.Of(input.ScriptSig.ToBytes(true)),
            ["sequence"] = input.Sequence.Value,
            ["witness"] = new JsonArray([.. input.Witness.Select(item => JsonValue.Create(Hex.Of(item)))]),
        };
        if (Htlc(input.Witness) is { } htlc) json["htlc"] = htlc;
        return json;
    }

    private static JsonObject? Htlc(IReadOnlyList<byte[]> witness)
    {
        if (witness.Count != 3) return null;
        HtlcContract contract;
        try
        {
            contract = HtlcContract.FromWitnessScript(witness[2]);
        }
        catch (BitcoinFormatException)
        {
            return null;
        }
        var secret = witness[1];
        var claim = contract.Unlocks(secret);
        var json = new JsonObject
        {
            ["spend"] = claim ? "claim" : secret.Length == 0 ? "refund" : "refund (non-empty selector)",
            ["payment_hash"] = Hex.Of(contract.PaymentHash),
            ["payee"] = Hex.Of(contract.PayeeKey),
            ["payer"] = Hex.Of(contract.PayerKey),
            ["locktime"] = contract.Locktime,
            ["signature"] = Hex.Of(witness[0]),
            ["witness_script_asm"] = ScriptBytes.ToAsm(witness[2]),
        };
        if (claim) json["preimage"] = Hex.Of(secret);
        return json;
    }

    private static JsonNode Output(TxOut output, int n, BitcoinNetwork network)
    {
        var json = new JsonObject
        {
            ["n"] = n,
            ["value_sat"] = output.Satoshis,
            ["scriptPubKey"] = Hex.Of(output.ScriptBytes),
        };
        if (SegwitAddress.FromScriptPubKey(output.ScriptBytes, network) is { } address) json["address"] = address.ToString();
        return json;
    }
}
