namespace GigGossip.Htlc.Scripts;

/// <summary>The Bitcoin script opcodes this library writes or interprets.</summary>
public static class Opcode
{
    public const byte Op0 = 0x00;
    public const byte PushData1 = 0x4c;
    public const byte PushData2 = 0x4d;
    public const byte PushData4 = 0x4e;
    public const byte Op1Negate = 0x4f;
    public const byte Op1 = 0x51;
    public const byte Op16 = 0x60;
    public const byte If = 0x63;
    public const byte NotIf = 0x64;
    public const byte VerIf = 0x65;
    public const byte VerNotIf = 0x66;
    public const byte Else = 0x67;
    public const byte EndIf = 0x68;
    public const byte Verify = 0x69;
    public const byte Drop = 0x75;
    public const byte Equal = 0x87;
    public const byte EqualVerify = 0x88;
    public const byte Sha256 = 0xa8;
    public const byte CheckSig = 0xac;
    public const byte CheckLockTimeVerify = 0xb1;

    /// <summary>OP_CAT, OP_SUBSTR, ... that fail a script even in an unexecuted branch.</summary>
    public static bool IsDisabled(byte opcode) =>
        opcode is 0x7e or 0x7f or 0x80 or 0x81 or 0x83 or 0x84 or 0x85 or 0x86 or 0x8d or 0x8e
            or 0x95 or 0x96 or 0x97 or 0x98 or 0x99;

    public static string Name(byte opcode) => opcode switch
    {
        Op0 => "OP_0",
        PushData1 => "OP_PUSHDATA1",
        PushData2 => "OP_PUSHDATA2",
        PushData4 => "OP_PUSHDATA4",
        Op1Negate => "OP_1NEGATE",
        >= Op1 and <= Op16 => $"OP_{opcode - Op1 + 1}",
        If => "OP_IF",
        NotIf => "OP_NOTIF",
        VerIf => "OP_VERIF",
        VerNotIf => "OP_VERNOTIF",
        Else => "OP_ELSE",
        EndIf => "OP_ENDIF",
        Verify => "OP_VERIFY",
        Drop => "OP_DROP",
        Equal => "OP_EQUAL",
        EqualVerify => "OP_EQUALVERIFY",
        Sha256 => "OP_SHA256",
        CheckSig => "OP_CHECKSIG",
        CheckLockTimeVerify => "OP_CHECKLOCKTIMEVERIFY",
        _ => $"OP_UNKNOWN_0x{opcode:x2}",
    };
}
