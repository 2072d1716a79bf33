using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Peers;
using Google.Protobuf;

namespace GigGossip.Network.Peers;

/// <summary>
/// The body of a <see cref="PeerMessageType.PeerRecords"/> message: a protobuf <c>PeerRecordList</c>. Decoding checks
/// only the shape (a 32-byte key on the curve, a 64-byte signature, an address of at most
/// <see cref="PeerRecord.MaxAddressLength"/> characters); signatures and freshness are the address book's to check.
/// </summary>
public static class PeerRecordsCodec
{
    private const int SignatureLength = 64;

    public static byte[] Encode(IEnumerable<PeerRecord> records)
    {
        var list = new PeerRecordList();
        foreach (var r in records)
            list.Records.Add(new SignedPeerRecord
            {
                NodeKey = ByteString.CopyFrom(r.NodeKey.Bytes),
                Address = r.Address,
                TimestampUnixMs = r.TimestampUnixMs,
                Signature = ByteString.CopyFrom(r.Signature),
            });
        return list.ToByteArray();
    }

    /// <summary>The well-shaped records of a body, and how many were not (a body that is not a PeerRecordList counts as one).</summary>
    public static (IReadOnlyList<PeerRecord> Records, int Malformed) Decode(ReadOnlySpan<byte> body)
    {
        PeerRecordList list;
        try
        {
            list = PeerRecordList.Parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException)
        {
            return ([], 1);
        }
        var records = new List<PeerRecord>(list.Records.Count);
        var malformed = 0;
        foreach (var r in list.Records)
        {
            if (r.Signature.Length != SignatureLength || r.Address.Length is 0 or > PeerRecord.MaxAddressLength)
            {
                malformed++;
                continue;
            }
            try
            {
                records.Add(new PeerRecord(PublicKey.FromBytes(r.NodeKey.Span), r.Address, r.TimestampUnixMs, r.Signature.ToByteArray()));
            }
            catch (CryptoException)
            {
                malformed++;
            }
        }
        return (records, malformed);
    }
}
