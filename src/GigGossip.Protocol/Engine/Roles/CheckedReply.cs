using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Engine.Roles;

/// <summary>A ReplyFrame whose settlement promise and network invoice passed the checks every hop makes.</summary>
internal sealed record CheckedReply(SettlementPromise Promise, Bolt11Invoice NetworkInvoice, TrustedSettler Settler);
