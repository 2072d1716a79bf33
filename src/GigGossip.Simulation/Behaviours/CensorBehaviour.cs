using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Simulation.Behaviours;

/// <summary>
/// The censorship attack: behaves properly from every vantage point, but hairpin-drops every frame
/// that carries a request signed by one victim sender.
/// </summary>
public sealed class CensorBehaviour(PublicKey victim) : INodeBehaviour
{
    private readonly byte[] _victim = victim.Bytes.ToArray();

    public string Name => "censor";

    public bool Reads(Frame frame, long nowUnixMs) => true;

    public int Copies(Frame frame, long nowUnixMs) => RequestSender(frame) is { } sender && sender.SequenceEqual(_victim) ? 0 : 1;

    private static byte[]? RequestSender(Frame frame)
    {
        var signed = frame.KindCase switch
        {
            Frame.KindOneofCase.AskForBroadcast => frame.AskForBroadcast.SignedRequestPayload,
            Frame.KindOneofCase.PowBroadcast => BroadcastPayload.Parser.ParseFrom(frame.PowBroadcast.BroadcastPayload).SignedRequestPayload,
            _ => null,
        };
        if (signed is null) return null;
        var request = RequestPayload.Parser.ParseFrom(signed.RequestPayload);
        return Certificate.Parser.ParseFrom(request.SenderCertificate.Certificate).SubjectPublicKey.ToByteArray();
    }
}
