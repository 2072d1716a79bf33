namespace GigGossip.Htlc.Contract;

/// <summary>The witness stacks that spend a contract (bottom first, witness script last).</summary>
public static class HtlcWitness
{
    /// <summary>Payee's path: &lt;payee signature&gt; &lt;preimage&gt; &lt;witness script&gt;.</summary>
    public static IReadOnlyList<byte[]> Claim(byte[] payeeSignature, byte[] preimage, byte[] witnessScript) =>
        [payeeSignature, preimage, witnessScript];

    /// <summary>Payer's path after the locktime: &lt;payer signature&gt; &lt;empty&gt; &lt;witness script&gt;.</summary>
    public static IReadOnlyList<byte[]> Refund(byte[] payerSignature, byte[] witnessScript) =>
        [payerSignature, [], witnessScript];
}
