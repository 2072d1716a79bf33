using GigGossip.Protocol.Bolt11;

namespace GigGossip.Htlc.Bitcoin;

/// <summary>
/// A native segwit address (BIP173 for version 0, BIP350 for versions 1-16): a network, a witness version and a
/// witness program. Its scriptPubKey is OP_n followed by a push of the program.
/// </summary>
public sealed class SegwitAddress
{
    private const int MaxLength = 90;
    private readonly byte[] _program;

    private SegwitAddress(BitcoinNetwork network, int witnessVersion, byte[] program)
    {
        Network = network;
        WitnessVersion = witnessVersion;
        _program = program;
    }

    public BitcoinNetwork Network { get; }

    public int WitnessVersion { get; }

    public ReadOnlySpan<byte> Program => _program;

    public static SegwitAddress Create(BitcoinNetwork network, int witnessVersion, ReadOnlySpan<byte> program)
    {
        ValidateProgram(witnessVersion, program.Length);
        return new SegwitAddress(network, witnessVersion, program.ToArray());
    }

    /// <summary>Parses an address and requires it to belong to <paramref name="expected"/> when given.</summary>
    public static SegwitAddress Parse(string text, BitcoinNetwork? expected = null)
    {
        var (hrp, data5, variant) = Decode(text.Trim());
        var network = BitcoinNetwork.All.FirstOrDefault(n => n.Bech32Hrp == hrp)
            ?? throw new BitcoinFormatException($"address prefix '{hrp}' is not bc, tb or bcrt");
        if (expected is not null && network != expected)
            throw new BitcoinFormatException($"address is for {network.Name}, expected {expected.Name}");
        if (data5.Length == 0) throw new BitcoinFormatException("address has no witness version");
        var version = data5[0];
        if (version > 16) throw new BitcoinFormatException($"witness version {version} is out of range");
        var expectedVariant = version == 0 ? Bech32Variant.Bech32 : Bech32Variant.Bech32m;
        if (variant != expectedVariant)
            throw new BitcoinFormatException($"witness version {version} address must use the {expectedVariant} checksum");
        var program = ConvertBits(data5.AsSpan(1), 5, 8, pad: false);
        ValidateProgram(version, program.Length);
        return new SegwitAddress(network, version, program);
    }

    /// <summary>The address of a witness-program scriptPubKey, or null when the script is not one.</summary>
    public static SegwitAddress? FromScriptPubKey(ReadOnlySpan<byte> scriptPubKey, BitcoinNetwork network)
    {
        if (scriptPubKey.Length < 4 || scriptPubKey.Length > 42) return null;
        var versionOp = scriptPubKey[0];
        int version;
        if (versionOp == 0x00) version = 0;
        else if (versionOp is >= 0x51 and <= 0x60) version = versionOp - 0x50;
        else return null;
        if (scriptPubKey[1] != scriptPubKey.Length - 2) return null;
        var program = scriptPubKey[2..];
        if (program.Length < 2 || program.Length > 40 || (version == 0 && program.Length is not (20 or 32))) return null;
        return new SegwitAddress(network, version, program.ToArray());
    }

    public byte[] ScriptPubKey => [(byte)(WitnessVersion == 0 ? 0x00 : 0x50 + WitnessVersion), (byte)_program.Length, .. _program];

    public override string ToString()
    {
        byte[] data5 = [(byte)WitnessVersion, .. ConvertBits(_program, 8, 5, pad: true)];
        return Bech32.Encode(Network.Bech32Hrp, data5, WitnessVersion == 0 ? Bech32Variant.Bech32 : Bech32Variant.Bech32m);
    }

    private static void ValidateProgram(int version, int length)
    {
        if (version is < 0 or > 16) throw new BitcoinFormatException($"witness version {version} is out of range");
        if (length is < 2 or > 40) throw new BitcoinFormatException($"witness program of {length} bytes is not 2 to 40 bytes");
        if (version == 0 && length is not (20 or 32))
            throw new BitcoinFormatException($"version 0 witness program must be 20 or 32 bytes, got {length}");
    }

    private static (string Hrp, byte[] Data5, Bech32Variant Variant) Decode(string text)
    {
        try
        {
            return Bech32.DecodeAnyVariant(text, MaxLength);
        }
        catch (Bolt11FormatException e)
        {
            throw new BitcoinFormatException(e.Message);
        }
    }

    /// <summary>Regroups bits (8 to 5 or 5 to 8); when not padding, leftover bits must be fewer than <paramref name="fromBits"/> and zero (BIP173).</summary>
    private static byte[] ConvertBits(ReadOnlySpan<byte> data, int fromBits, int toBits, bool pad)
    {
        var accumulator = 0;
        var bits = 0;
        var maxValue = (1 << toBits) - 1;
        var result = new List<byte>(data.Length * fromBits / toBits + 1);
        foreach (var value in data)
        {
            if (value >> fromBits != 0) throw new BitcoinFormatException("bech32 data value out of range");
            accumulator = (accumulator << fromBits) | value;
            bits += fromBits;
            while (bits >= toBits)
            {
                bits -= toBits;
                result.Add((byte)((accumulator >> bits) & maxValue));
            }
        }
        if (pad)
        {
            if (bits > 0) result.Add((byte)((accumulator << (toBits - bits)) & maxValue));
        }
        else if (bits >= fromBits || ((accumulator << (toBits - bits)) & maxValue) != 0)
        {
            throw new BitcoinFormatException("bech32 data has invalid padding");
        }
        return [.. result];
    }
}
