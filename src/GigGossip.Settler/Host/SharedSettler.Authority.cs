using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Storage;

namespace GigGossip.Settler.Host;

/// <summary>
/// The certificate authority of a shared settler: every process sees every subject and certificate, because each
/// operation loads the one subject it is about (under that subject's lock) and saves it back in the same transaction.
/// </summary>
internal sealed partial class SharedSettler
{
    /// <summary>Runs <paramref name="work"/> on an authority holding just <paramref name="subject"/> (if registered), saves what it returns, commits.</summary>
    public async Task<T> OnSubjectAsync<T>(PublicKey subject, Func<SettlerAuthority, long, (T Result, SettlerChanges Changes)> work, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await _db.LockSubjectAsync(transaction, subject, cancellationToken);
        var authority = NewAuthority();
        authority.Restore(await _db.SubjectsAsync(connection, transaction, subject, cancellationToken), []);
        var (result, changes) = work(authority, NowMs);
        await SqlSettlerStore.WriteAsync(transaction, changes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>
    /// Revokes a certificate this settler issued (any process may have issued it); a subject's own certificate with every
    /// one-time certificate issued to that subject (under the subject's lock, which issuing a batch takes too).
    /// </summary>
    public async Task RevokeAsync(byte[] serial, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await _db.LockCertificateAsync(transaction, serial, cancellationToken) is { } certificate)
        {
            await _db.LockSubjectAsync(transaction, certificate.Subject, cancellationToken);
            await SqlSettlerStore.WriteAsync(transaction, new SettlerChanges { Certificates = [certificate with { Revoked = true }] }, cancellationToken);
            await _db.RevokeOneTimeOfAsync(transaction, certificate.Subject, cancellationToken);
        }
        else
        {
            var oneTime = await _db.LockOneTimeCertificateAsync(transaction, serial, cancellationToken)
                ?? throw new SettlerException($"no certificate with serial {Convert.ToHexStringLower(serial)} was issued here");
            await SqlSettlerStore.WriteAsync(transaction, new SettlerChanges { OneTimeCertificates = [oneTime with { Revoked = true }] }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The revocation list as the database has it now, signed by this process.</summary>
    public async Task<SignedRevocationList> RevocationListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        var authority = NewAuthority();
        authority.Restore([], await _db.RevokedAsync(connection, null, cancellationToken));
        return authority.RevocationList(NowMs);
    }

    public async Task<IReadOnlyList<SettlerSubjectRecord>> SubjectsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenAsync(cancellationToken);
        return await _db.SubjectsAsync(connection, null, null, cancellationToken);
    }

    public Task<SettlerEngineState> ExportAsync(CancellationToken cancellationToken) => _db.ExportAsync(cancellationToken);

    private SettlerAuthority NewAuthority() => new(_key, Uri, _options.Policy.RevocationListValidityMs);
}
