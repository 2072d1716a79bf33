using System.Buffers.Binary;
using System.Text;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using Google.Protobuf;

namespace GigGossip.Simulation.Tests.Privacy;

/// <summary>
/// Everything one middleman saw of a ride (issue #15 "done when"): every frame it received or sent, every message inside
/// them it can parse, every BOLT 11 invoice decoded, and what opens with what it learns (the network preimage the settler
/// publishes). <see cref="Finds(ReadOnlySpan{byte})"/> and <see cref="FindsNumber"/> search all of it.
/// </summary>
internal sealed class MiddlemanView(SimNode middleman)
{
    private readonly List<byte[]> _bytes = [];
    private readonly List<string> _texts = [];

    public SimNode Middleman { get; } = middleman;

    public List<Frame> Frames { get; } = [];

    /// <summary>Records a frame when the middleman is one of its ends; returns it unchanged (chain it in an interceptor).</summary>
    public Frame Saw(SimNode from, SimNode to, Frame frame)
    {
        if (from == Middleman || to == Middleman) Add(frame.Clone());
        return frame;
    }

    private void Add(Frame frame)
    {
        Frames.Add(frame);
        AddMessage(frame);
        switch (frame.KindCase)
        {
            case Frame.KindOneofCase.AskForBroadcast:
                AddRequest(frame.AskForBroadcast.SignedRequestPayload);
                break;
            case Frame.KindOneofCase.PowBroadcast:
                var payload = BroadcastPayload.Parser.ParseFrom(frame.PowBroadcast.BroadcastPayload);
                AddMessage(payload);
                AddRequest(payload.SignedRequestPayload);
                break;
            case Frame.KindOneofCase.Reply:
                AddMessage(frame.Reply.SettlementPromise.ReadSettlementPromise());
                AddInvoice(frame.Reply.NetworkInvoice);
                break;
        }
    }

    private void AddRequest(SignedRequestPayload signed)
    {
        var request = signed.ReadRequestPayload();
        AddMessage(request);
        if (request.SenderCertificate is { } certificate) AddMessage(certificate.ReadCertificate());
    }

    private void AddInvoice(string bolt11)
    {
        _texts.Add(bolt11);
        var invoice = Bolt11Invoice.Decode(bolt11);
        _texts.Add($"amount_msat={invoice.AmountMsat}");
        _bytes.Add(invoice.PaymentHash.Bytes.ToArray());
    }

    private void AddMessage(IMessage message)
    {
        _bytes.Add(message.ToByteArray());
        _texts.Add(message.ToString() ?? "");
    }

    /// <summary>
    /// What the middleman can open once it knows <paramref name="networkPreimage"/> (every hop settles with it, and the
    /// settler publishes it): each reply payload it carried, opened under it, parsed when it parses.
    /// </summary>
    public int OpenWith(byte[] networkPreimage)
    {
        var opened = 0;
        foreach (var reply in Frames.Where(f => f.KindCase == Frame.KindOneofCase.Reply))
        {
            byte[] plaintext;
            try { plaintext = SymmetricSeal.Open(networkPreimage, reply.Reply.EncryptedReplyPayload.Span); }
            catch (DecryptionFailedException) { continue; }
            opened++;
            _bytes.Add(plaintext);
            try { AddMessage(ReplyPayload.Parser.ParseFrom(plaintext)); }
            catch (InvalidProtocolBufferException) { }
        }
        return opened;
    }

    /// <summary>True when <paramref name="needle"/> occurs in any byte string of the view.</summary>
    public bool Finds(ReadOnlySpan<byte> needle)
    {
        foreach (var bytes in _bytes)
            if (bytes.AsSpan().IndexOf(needle) >= 0) return true;
        foreach (var text in _texts)
            if (Encoding.UTF8.GetBytes(text).AsSpan().IndexOf(needle) >= 0) return true;
        return false;
    }

    /// <summary>A key, in bytes, hex or base64 (how the view's texts show bytes).</summary>
    public bool FindsKey(PublicKey key) =>
        Finds(key.Bytes) || Finds(Encoding.ASCII.GetBytes(key.ToHex())) || Finds(Encoding.ASCII.GetBytes(Convert.ToBase64String(key.Bytes)));

    /// <summary>
    /// A number as protobuf writes it (varint), as 8 bytes either way round, and as decimal text (JSON of every parsed
    /// message, decoded invoice amounts).
    /// </summary>
    public bool FindsNumber(long value)
    {
        Span<byte> fixedBytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(fixedBytes, value);
        if (Finds(fixedBytes)) return true;
        BinaryPrimitives.WriteInt64LittleEndian(fixedBytes, value);
        if (Finds(fixedBytes)) return true;
        var varint = new byte[CodedOutputStream.ComputeInt64Size(value)];
        new CodedOutputStream(varint).WriteInt64(value);
        if (Finds(varint)) return true;
        var decimalText = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return _texts.Any(t => t.Contains(decimalText, StringComparison.Ordinal));
    }
}
