namespace GigGossip.Htlc.Transactions;

/// <summary>
/// Strict DER for ECDSA signatures (BIP66): SEQUENCE { INTEGER r, INTEGER s }, each integer positive, shortest
/// form, no padding, and in a script followed by one sighash type byte.
/// </summary>
public static class DerSignature
{
    /// <summary>DER encoding of a 64-byte compact r||s signature.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> compact64)
    {
        if (compact64.Length != 64) throw new ArgumentException("compact signature must be 64 bytes", nameof(compact64));
        var r = Integer(compact64[..32]);
        var s = Integer(compact64[32..]);
        return [0x30, (byte)(2 + r.Length + 2 + s.Length), 0x02, (byte)r.Length, .. r, 0x02, (byte)s.Length, .. s];
    }

    /// <summary>
    /// BIP66's IsValidSignatureEncoding applied to a script signature (DER followed by the sighash byte).
    /// </summary>
    public static bool IsStrictScriptSignature(ReadOnlySpan<byte> signature)
    {
        if (signature.Length < 9 || signature.Length > 73) return false;
        if (signature[0] != 0x30) return false;
        if (signature[1] != signature.Length - 3) return false;
        var lengthR = signature[3];
        if (5 + lengthR >= signature.Length) return false;
        var lengthS = signature[5 + lengthR];
        if (lengthR + lengthS + 7 != signature.Length) return false;
        if (signature[2] != 0x02 || lengthR == 0 || (signature[4] & 0x80) != 0) return false;
        if (lengthR > 1 && signature[4] == 0x00 && (signature[5] & 0x80) == 0) return false;
        if (signature[lengthR + 4] != 0x02 || lengthS == 0 || (signature[lengthR + 6] & 0x80) != 0) return false;
        if (lengthS > 1 && signature[lengthR + 6] == 0x00 && (signature[lengthR + 7] & 0x80) == 0) return false;
        return true;
    }

    /// <summary>The compact r||s of a strict DER signature (without sighash byte), or null when r or s exceed 32 bytes.</summary>
    public static byte[]? ToCompact(ReadOnlySpan<byte> der)
    {
        if (!IsStrictScriptSignature([.. der, 0x01])) return null;
        var lengthR = der[3];
        var r = der.Slice(4, lengthR);
        var s = der.Slice(6 + lengthR, der[5 + lengthR]);
        var compact = new byte[64];
        return Place(r, compact.AsSpan(0, 32)) && Place(s, compact.AsSpan(32, 32)) ? compact : null;
    }

    private static byte[] Integer(ReadOnlySpan<byte> value32)
    {
        var start = 0;
        while (start < 31 && value32[start] == 0) start++;
        var trimmed = value32[start..];
        return (trimmed[0] & 0x80) != 0 ? [0x00, .. trimmed] : trimmed.ToArray();
    }

    private static bool Place(ReadOnlySpan<byte> integer, Span<byte> target)
    {
        var trimmed = integer;
        while (trimmed.Length > 1 && trimmed[0] == 0) trimmed = trimmed[1..];
        if (trimmed.Length > 32) return false;
        trimmed.CopyTo(target[(32 - trimmed.Length)..]);
        return true;
    }
}
