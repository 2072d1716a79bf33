using GigGossip.Protocol.Crypto;

namespace GigGossip.Settler.Storage;

/// <summary>
/// Where a settler keeps everything that must survive a restart: its key and URI, the authority's subjects and
/// certificates, the engine's replies and jobs (with their preimages), and pending timers. The host saves each
/// change before it carries out the effects that follow from it. One settler process per SQLite store; several processes
/// may share a PostgreSQL store, where the host decides each input over locked rows instead (docs/operator/settler-scale-out.md).
/// </summary>
public interface ISettlerStore : IAsyncDisposable
{
    /// <summary>Creates the tables if needed and reads everything (an empty snapshot for a new store).</summary>
    Task<SettlerSnapshot> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Records the settler's key and URI (first start, or a new URI).</summary>
    Task SaveIdentityAsync(SecretKey key, string uri, CancellationToken cancellationToken);

    /// <summary>Saves one batch of changes in one transaction.</summary>
    Task SaveAsync(SettlerChanges changes, CancellationToken cancellationToken);
}
