using System.Globalization;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Settlement;

namespace GigGossip.Settler.Host;

/// <summary>The operator's view of disputes (jobs frozen after the key reveal) and its decisions.</summary>
public sealed partial class SettlerHost
{
    /// <summary>Every job that was disputed after its key reveal, open or decided, newest first.</summary>
    public async Task<IReadOnlyList<SettlerDispute>> DisputesAsync(CancellationToken cancellationToken = default)
    {
        var state = await ExportAsync(cancellationToken);
        var replies = state.Replies.ToDictionary(r => Convert.ToHexStringLower(r.PaymentHash));
        return [.. state.Jobs.Where(j => j.Terms?.DisputedAtUnixMs is not null)
            .Select(j => new SettlerDispute(j, replies[Convert.ToHexStringLower(j.ReplyPaymentHash)]))
            .OrderByDescending(d => d.Job.Terms!.DisputedAtUnixMs)];
    }

    /// <summary>One dispute by its network payment hash, or null when that job was never disputed after its reveal.</summary>
    public async Task<SettlerDispute?> DisputeAsync(byte[] networkPaymentHash, CancellationToken cancellationToken = default) =>
        (await DisputesAsync(cancellationToken)).FirstOrDefault(d => d.Job.NetworkPaymentHash.AsSpan().SequenceEqual(networkPaymentHash));

    /// <summary>The operator decides an open dispute: <paramref name="settle"/> pays the driver, otherwise the sender is refunded.</summary>
    public async Task<SettlerResponse> DecideAsync(byte[] networkPaymentHash, bool settle, CancellationToken cancellationToken = default)
    {
        if (_shared is not null) return await _shared.DecideAsync(networkPaymentHash, settle, cancellationToken);
        var answer = new TaskCompletionSource<SettlerResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        var queued = _mailbox.Writer.TryWrite(() =>
        {
            if (_failure is not null)
            {
                answer.TrySetResult(new SettlerRefused(SettlerRefusal.NotYet, _failure));
                return ValueTask.CompletedTask;
            }
            var callId = "decide-" + (++_nextCallId).ToString(CultureInfo.InvariantCulture);
            _calls[callId] = answer;
            return HandleAsync(new OperatorDecision(callId, networkPaymentHash, settle));
        });
        if (!queued) return new SettlerRefused(SettlerRefusal.NotYet, "the settler is stopped");
        return await answer.Task.WaitAsync(cancellationToken);
    }
}

/// <summary>A disputed job with its reply: who the sender and replier are, and everything the operator needs to decide.</summary>
public sealed record SettlerDispute(SettlerJobRecord Job, SettlerReplyRecord Reply)
{
    public SettlerJobTerms Terms => Job.Terms!;

    public bool Open => Job.State == SettlerJobState.Disputed;

    /// <summary>What the written default will do (or would have done): settle with the pickup proof, refund without.</summary>
    public string DefaultDecision => Terms.PickupProvenAtUnixMs is null ? "refund" : "settle";
}
