using GigGossip.Protocol.Engine;

namespace GigGossip.Protocol.Settlement;

/// <summary>
/// A settler whose wallet pays on chain learns where a replier's payment of its network invoice is from the replier's
/// funding notice (the replier is not its peer, so the notice comes over the settler's API, not in a frame).
/// </summary>
public interface ISettlerFundingNotices
{
    /// <summary><see cref="Acknowledged"/> once the settler's wallet took the notice; <see cref="SettlerRefused"/> saying why not.</summary>
    Task<SettlerResponse> ReportFundingAsync(string notice, CancellationToken cancellationToken);
}
