namespace GigGossip.Protocol.Engine;

/// <summary>A settler's answer in words for a warning: the refusal and its reason, never a record dump.</summary>
public static class SettlerResponses
{
    public static string Describe(SettlerResponse response) => response switch
    {
        SettlerRefused refused => $"{RefusalText(refused.Reason)}: {refused.Message.ReplaceLineEndings(" ")}",
        Acknowledged => "acknowledged",
        KeyRevealed => "the key was revealed",
        _ => "an answer that does not fit the request",
    };

    private static string RefusalText(SettlerRefusal reason) => reason switch
    {
        SettlerRefusal.NotYet => "not yet",
        SettlerRefusal.Unauthorized => "refused (not authorized)",
        SettlerRefusal.Unknown => "refused (unknown job)",
        SettlerRefusal.Cancelled => "refused (the job was cancelled)",
        SettlerRefusal.BadRequest => "refused (bad request)",
        _ => "refused",
    };
}
