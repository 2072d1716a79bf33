using GigGossip.Node.Web;

namespace GigGossip.Node.Control;

/// <summary>Pairing browsers with the node (the token holder's side of <c>giggossip web link</c> and <c>web revoke</c>).</summary>
public sealed partial class ControlClient
{
    /// <summary>A one-time code and the link path a browser opens to get a session.</summary>
    public Task<PairingView> PairAsync(CancellationToken cancellationToken = default) =>
        SendAsync<PairingView>(HttpMethod.Post, "v1/web/pairings", null, cancellationToken);

    /// <summary>Ends every browser session and spends every open code.</summary>
    public Task<SessionsRevokedView> RevokeWebSessionsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<SessionsRevokedView>(HttpMethod.Delete, "v1/web/sessions", null, cancellationToken);
}
