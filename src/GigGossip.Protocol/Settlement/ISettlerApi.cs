using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Settlement;

/// <summary>
/// A settler as its callers see it: implemented in process by the settler's host (tests, the demo) and
/// by the HTTP client of the settler service, so the same node code runs against either.
/// </summary>
public interface ISettlerApi
{
    /// <summary>Where the settler is (the URI nodes name it by, and put in promises and certificates).</summary>
    string Uri { get; }

    /// <summary>The settler's public key, which signs its certificates, revocation lists and promises.</summary>
    Task<PublicKey> GetPublicKeyAsync(CancellationToken cancellationToken);

    /// <summary>One protocol call (reply hash, promise, key reveal, job report, preimage); never throws for a refusal.</summary>
    Task<SettlerResponse> CallAsync(SettlerRequest request, CancellationToken cancellationToken);

    /// <summary>The settler's current signed revocation list.</summary>
    Task<SignedRevocationList> GetRevocationListAsync(CancellationToken cancellationToken);
}
