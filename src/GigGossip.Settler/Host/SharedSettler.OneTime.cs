using System.Globalization;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Settlement;
using GigGossip.Settler.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace GigGossip.Settler.Host;

/// <summary>
/// One-time certificates on a shared database: the batch is issued under the subject's lock (the one a revocation of that
/// subject takes too), against the subject's certificate as the database has it, and its serials are saved in the same
/// transaction. So a revocation either comes first (and the batch is refused) or sees the batch (and revokes it).
/// </summary>
internal sealed partial class SharedSettler
{
    private async Task<SettlerResponse> OneTimeCertificatesAsync(OneTimeCertificatesRequest request, CancellationToken cancellationToken)
    {
        var callId = "c" + Interlocked.Increment(ref _nextCallId).ToString(CultureInfo.InvariantCulture);
        try
        {
            await using var connection = await _db.OpenAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var authority = NewAuthority();
            if (ParentOf(request) is { } parent)
            {
                await _db.LockSubjectAsync(transaction, parent.Subject, cancellationToken);
                if (await _db.CertificateAsync(transaction, parent.Serial, cancellationToken) is { } stored && stored.Subject.Equals(parent.Subject))
                    authority.Restore(await _db.SubjectsAsync(connection, transaction, parent.Subject, cancellationToken),
                        [new IssuedCertificateRecord(Google.Protobuf.ByteString.CopyFrom(stored.Serial), stored.Subject, stored.Revoked)]);
            }
            var input = new SettlerCallReceived(callId, request);
            var effects = new SettlerEngine(_key, Uri, _options.Policy, authority).Handle(input, NowMs);
            var answer = effects.OfType<RespondToCall>().Single().Response;
            await SqlSettlerStore.WriteAsync(transaction, new SettlerChanges { OneTimeCertificates = SettlerHost.IssuedOneTime(input, effects) }, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            _handled(input);
            return answer;
        }
        catch (Exception e) when (e is SettlerStoreException or NpgsqlException)
        {
            _log.LogError("settler database: {Message}", e.Message);
            return new SettlerRefused(SettlerRefusal.NotYet, "the settler's database is not reachable now; ask again");
        }
    }

    /// <summary>The serial and subject of the certificate a request shows, if it can be read (the engine refuses one that cannot).</summary>
    private static (byte[] Serial, PublicKey Subject)? ParentOf(OneTimeCertificatesRequest request)
    {
        try
        {
            var certificate = request.SubjectCertificate?.ReadCertificate();
            return certificate is null ? null : (certificate.Serial.ToByteArray(), PublicKey.FromBytes(certificate.SubjectPublicKey.Span));
        }
        catch (Exception e) when (e is FrameFormatException or CryptoException)
        {
            return null;
        }
    }
}
