using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;

namespace GigGossip.Node.Hosting;

/// <summary>A funding notice from <paramref name="Peer"/> was refused: it does not open, or the wallet will not take it; the reason says which.</summary>
public sealed record FundingNoticeRefused(PublicKey Peer, string Reason) : NodeEvent;

/// <summary>The wallet took a funding notice (received now, or kept from before a restart when <paramref name="Kept"/>).</summary>
public sealed record FundingNoticeTaken(bool Kept) : NodeEvent;

/// <summary>
/// A funding notice not for this node's wallet was passed on from <paramref name="From"/> to <paramref name="To"/>, the peer
/// its network invoice came from: as it came, sealed to its payee (<paramref name="SealedNotice"/>) or, from an older
/// payer, in clear (<paramref name="ClearNotice"/>).
/// </summary>
public sealed record FundingNoticePassedOn(PublicKey From, PublicKey To, byte[] SealedNotice, string ClearNotice) : NodeEvent;
