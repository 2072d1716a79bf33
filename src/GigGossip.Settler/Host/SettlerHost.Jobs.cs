using GigGossip.Protocol.Settlement;

namespace GigGossip.Settler.Host;

/// <summary>The operator's view of every job the settler holds: its state, the reply it pays and who is involved.</summary>
public sealed partial class SettlerHost
{
    /// <summary>The network fee this settler asks per job (its policy now).</summary>
    public long NetworkFeeMsat => _options.Policy.NetworkFeeMsat;

    /// <summary>Every job the settler still knows, with its reply, newest service end first.</summary>
    public async Task<IReadOnlyList<(SettlerJobRecord Job, SettlerReplyRecord? Reply)>> JobsAsync(CancellationToken cancellationToken = default)
    {
        var state = await ExportAsync(cancellationToken);
        var replies = state.Replies.ToDictionary(r => Convert.ToHexStringLower(r.PaymentHash));
        return [.. state.Jobs.Select(j => (j, replies.GetValueOrDefault(Convert.ToHexStringLower(j.ReplyPaymentHash))))
            .OrderByDescending(j => j.Item1.Terms?.ServiceEndUnixMs ?? 0)];
    }
}
