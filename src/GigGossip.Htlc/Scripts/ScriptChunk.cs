namespace GigGossip.Htlc.Scripts;

/// <summary>One element of a script: an opcode, and for push opcodes (OP_0 and 0x01-0x4e) the pushed bytes.</summary>
public sealed record ScriptChunk(byte Opcode, byte[]? Data)
{
    public bool IsPush => Data is not null;

    /// <summary>True when a push uses the shortest opcode for its data (BIP62 minimal push, the MINIMALDATA policy).</summary>
    public bool IsMinimalPush()
    {
        if (Data is null) return true;
        if (Data.Length == 0) return Opcode == Scripts.Opcode.Op0;
        if (Data.Length == 1 && Data[0] is >= 1 and <= 16) return false;
        if (Data.Length == 1 && Data[0] == 0x81) return false;
        if (Data.Length <= 75) return Opcode == Data.Length;
        if (Data.Length <= 255) return Opcode == Scripts.Opcode.PushData1;
        if (Data.Length <= 65535) return Opcode == Scripts.Opcode.PushData2;
        return true;
    }

    public override string ToString() => Data is { Length: > 0 } data ? Convert.ToHexStringLower(data) : Scripts.Opcode.Name(Opcode);
}
