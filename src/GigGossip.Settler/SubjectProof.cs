using System.Buffers.Binary;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Settler;

/// <summary>What a subject asks its settler's authority for, with a proof that it holds the key.</summary>
public enum SubjectAction : byte
{
    Register = 1,
    Certificate = 2,
}

/// <summary>
/// A subject's proof of key possession: BIP340 under <see cref="SignatureTags.SettlerSubject"/> over
/// action (1 byte) || settler key (32) || subject key (32) || timestamp (Unix ms, 8 bytes big-endian). The
/// settler accepts it only within a tolerance of its clock, so an old proof cannot be replayed later.
/// </summary>
public sealed record SubjectProof(SubjectAction Action, PublicKey Subject, long TimestampUnixMs, byte[] Signature)
{
    public static byte[] SignedBytes(SubjectAction action, PublicKey settler, PublicKey subject, long timestampUnixMs)
    {
        var bytes = new byte[1 + 32 + 32 + 8];
        bytes[0] = (byte)action;
        settler.Bytes.CopyTo(bytes.AsSpan(1));
        subject.Bytes.CopyTo(bytes.AsSpan(33));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(65), timestampUnixMs);
        return bytes;
    }

    public static SubjectProof Create(SubjectAction action, SecretKey subject, PublicKey settler, long nowUnixMs) =>
        new(action, subject.PublicKey, nowUnixMs, subject.Sign(SignatureTags.SettlerSubject, SignedBytes(action, settler, subject.PublicKey, nowUnixMs)));

    /// <summary>Null when the proof holds for this settler at <paramref name="nowUnixMs"/>; otherwise why not.</summary>
    public string? Check(SubjectAction action, PublicKey settler, long nowUnixMs, long toleranceMs)
    {
        if (Action != action) return $"the proof is for {Action}, not {action}";
        if (Math.Abs(nowUnixMs - TimestampUnixMs) > toleranceMs) return $"the proof's timestamp is more than {toleranceMs / 1000} s from the settler's clock";
        return Signature.Length == 64 && Subject.Verify(SignatureTags.SettlerSubject, SignedBytes(action, settler, Subject, TimestampUnixMs), Signature)
            ? null
            : "the signature does not prove the subject's key";
    }
}
