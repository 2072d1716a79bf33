namespace GigGossip.Protocol.Engine.Roles;

/// <summary>How the node names what a wallet, settler or timer answer belongs to.</summary>
internal static class Correlations
{
    public const string ReplyHash = "reply-hash:";
    public const string ReplyInvoice = "reply-invoice:";
    public const string Promise = "promise:";
    public const string ReplierNetworkInvoice = "replier-network-invoice:";
    public const string NetworkInvoice = "route:";
    public const string Reveal = "reveal:";
    public const string Report = "report:";
    public const string Deadline = "deadline:";
    public const string ReplyPreimage = "reply-preimage:";
    public const string Pickup = "pickup:";
    public const string Statement = "statement:";

    public static (string Kind, string Id) Split(string correlationId)
    {
        var colon = correlationId.IndexOf(':');
        return colon < 0 ? (correlationId, "") : (correlationId[..(colon + 1)], correlationId[(colon + 1)..]);
    }
}
