using System.Text.Json;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Engine;
using Microsoft.AspNetCore.Http;

namespace GigGossip.Node.Control;

/// <summary>
/// Proof of service and dispute statements on the control API: the driver's pickup code
/// (<c>POST /v1/jobs/{requestId}/pickup {"code":"123456"}</c>), a statement about a disputed job
/// (<c>POST /v1/jobs/{requestId}/statement {"statement":"..."}</c>), and the rider's optional statement with its dispute.
/// Each waits (briefly) for the settler's answer, so a wrong code is a clear 409, not a silent event.
/// </summary>
internal static class ControlServiceEndpoints
{
    public const int MaxStatementLength = DisputeStatementRequest.MaxLength;
    private static readonly TimeSpan AnswerWait = TimeSpan.FromSeconds(30);

    public static async Task<ServiceReportView> Pickup(HttpContext context, NodeHost host, CancellationToken cancellationToken)
    {
        var requestId = (string)context.Request.RouteValues["requestId"]!;
        var body = await OptionalBody<PickupBody>(context, cancellationToken).ConfigureAwait(false);
        var code = body?.Code?.Trim() ?? "";
        if (code.Length != PickupCode.Digits || !code.All(char.IsAsciiDigit))
            throw ControlRequestException.BadRequest($"code: the pickup code has {PickupCode.Digits} digits, got '{Shorten(code)}'");
        return await Answered(host, new ReportPickup(requestId, code), requestId, e => e is PickupReported p && p.PayloadId == requestId,
            "pickup code for " + requestId, "pickup", cancellationToken).ConfigureAwait(false);
    }

    public static async Task<ServiceReportView> Statement(HttpContext context, NodeHost host, CancellationToken cancellationToken)
    {
        var requestId = (string)context.Request.RouteValues["requestId"]!;
        var statement = Checked((await OptionalBody<StatementBody>(context, cancellationToken).ConfigureAwait(false))?.Statement)
            ?? throw ControlRequestException.BadRequest("statement: say what happened (1 to 2000 characters)");
        return await Answered(host, new MakeStatement(requestId, statement), requestId, e => e is StatementSubmitted s && s.PayloadId == requestId,
            "statement for " + requestId, "statement", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The statement in a dispute's optional body, checked; null when there is none.</summary>
    public static async Task<string?> DisputeStatement(HttpContext context, CancellationToken cancellationToken) =>
        Checked((await OptionalBody<StatementBody>(context, cancellationToken).ConfigureAwait(false))?.Statement);

    private static string? Checked(string? statement)
    {
        if (statement is null) return null;
        var trimmed = statement.Trim();
        if (trimmed.Length == 0 || trimmed.Length > MaxStatementLength)
            throw ControlRequestException.BadRequest($"statement: 1 to {MaxStatementLength} characters, got {trimmed.Length}");
        return trimmed;
    }

    /// <summary>Runs the command, then waits for the settler's answer: the matching event (200), or its refusal (409).</summary>
    private static async Task<ServiceReportView> Answered(NodeHost host, AppCommand command, string requestId, Func<NodeEvent, bool> taken,
        string refusalMarker, string what, CancellationToken cancellationToken)
    {
        var after = host.Events.LastSequence;
        var events = await host.DoAsync(command, cancellationToken).ConfigureAwait(false);
        if (events.OfType<NodeWarning>().FirstOrDefault() is { } warning) throw new ControlRequestException(404, warning.Message);
        bool Answer(NodeEvent e) => taken(e) || (e is NodeWarning w && w.Message.Contains(refusalMarker, StringComparison.Ordinal));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(AnswerWait);
        RecordedEvent answer;
        try
        {
            answer = await host.Events.WaitForAsync(Answer, after, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ServiceReportView(requestId, what, "sent; the settler has not answered yet (see events)");
        }
        if (answer.Event is NodeWarning refused) throw new ControlRequestException(409, refused.Message);
        return new ServiceReportView(requestId, what, "taken by the settler");
    }

    private static async Task<T?> OptionalBody<T>(HttpContext context, CancellationToken cancellationToken) where T : class
    {
        if (context.Request.ContentLength == 0) return null;
        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            return text.Trim().Length == 0 ? null : JsonSerializer.Deserialize<T>(text, ControlApi.RequestJson);
        }
        catch (JsonException e)
        {
            throw ControlRequestException.BadRequest($"the body is not the JSON object expected: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static string Shorten(string text) => text.Length <= 12 ? text : text[..12] + "...";
}
