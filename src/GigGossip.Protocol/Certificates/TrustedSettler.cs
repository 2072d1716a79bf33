using Google.Protobuf;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Certificates;

/// <summary>
/// A settler this node trusts as a certificate issuer: its key, the URI it publishes at, and the latest
/// revocation list fetched from it. The list is verified once, here, and the outcome kept in
/// <see cref="RevocationListVerdict"/>; a host should keep its previous settler when that is not Valid.
/// </summary>
public sealed class TrustedSettler
{
    private readonly HashSet<ByteString> _revokedSerials = [];

    public TrustedSettler(PublicKey publicKey, string uri, SignedRevocationList? revocationList = null)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentException.ThrowIfNullOrEmpty(uri);
        PublicKey = publicKey;
        Uri = uri;
        RevocationList = revocationList;
        if (revocationList is null) return;
        var verification = RevocationLists.Verify(revocationList, publicKey);
        RevocationListVerdict = verification.Verdict;
        if (!verification.IsValid) return;
        IssuedAtUnixMs = verification.List.IssuedAtUnixMs;
        NextUpdateUnixMs = verification.List.NextUpdateUnixMs;
        _revokedSerials.UnionWith(verification.List.RevokedSerials);
    }

    public PublicKey PublicKey { get; }

    public string Uri { get; }

    public SignedRevocationList? RevocationList { get; }

    /// <summary>Null when no list is held.</summary>
    public RevocationListVerdict? RevocationListVerdict { get; }

    /// <summary>issued_at of the held list when it is valid.</summary>
    public long? IssuedAtUnixMs { get; }

    /// <summary>next_update of the held list when it is valid.</summary>
    public long? NextUpdateUnixMs { get; }

    public TrustedSettler WithRevocationList(SignedRevocationList revocationList) => new(PublicKey, Uri, revocationList);

    internal bool IsRevoked(ByteString serial) => _revokedSerials.Contains(serial);
}
