using Google.Protobuf;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Frames;
using GigGossip.Protocol.Tests.Frames;
using static GigGossip.Protocol.Tests.Certificates.CertificateFixture;

namespace GigGossip.Protocol.Tests.Certificates;

public class RevocationListsTests
{
    [Fact]
    public void List_signed_by_its_issuer_is_valid()
    {
        var serial = CertificateIssuer.NewSerial();
        var verification = RevocationLists.Verify(List(serial), Settler.PublicKey);
        Assert.True(verification.IsValid);
        Assert.Equal([serial], verification.List.RevokedSerials);
    }

    [Fact]
    public void List_with_a_serial_removed_after_signing_has_a_bad_signature()
    {
        var signed = List(CertificateIssuer.NewSerial());
        signed.RevocationList = Samples.Edit(signed.RevocationList, RevocationList.Parser, l => l.RevokedSerials.Clear());
        Assert.Equal(RevocationListVerdict.BadSignature, RevocationLists.Verify(signed, Settler.PublicKey).Verdict);
    }

    [Fact]
    public void List_naming_another_issuer_is_the_wrong_issuer()
    {
        Assert.Equal(RevocationListVerdict.WrongIssuer, RevocationLists.Verify(List(), Driver.PublicKey).Verdict);
    }

    [Fact]
    public void List_with_a_short_serial_is_malformed()
    {
        var signed = List();
        signed = Resign(signed, l => l.RevokedSerials.Add(Samples.Bytes(4)));
        var verification = RevocationLists.Verify(signed, Settler.PublicKey);
        Assert.Equal(RevocationListVerdict.Malformed, verification.Verdict);
        Assert.Null(verification.List);
        var error = Assert.Throws<FrameFormatException>(() => signed.ReadRevocationList());
        Assert.Contains("revoked_serials[0] must be 16 bytes, got 4", error.Message);
    }

    [Fact]
    public void List_whose_signature_is_not_64_bytes_is_malformed()
    {
        var signed = List();
        signed.Signature = Samples.Bytes(32);
        Assert.Equal(RevocationListVerdict.Malformed, RevocationLists.Verify(signed, Settler.PublicKey).Verdict);
    }

    [Fact]
    public void List_with_a_short_issuer_key_is_malformed()
    {
        var signed = Resign(List(), l => l.IssuerPublicKey = Samples.Bytes(31));
        Assert.Equal(RevocationListVerdict.Malformed, RevocationLists.Verify(signed, Settler.PublicKey).Verdict);
    }

    [Fact]
    public void List_due_for_update_before_it_was_issued_is_malformed()
    {
        var signed = Resign(List(), l => l.NextUpdateUnixMs = l.IssuedAtUnixMs - 1);
        var error = Assert.Throws<FrameFormatException>(() => signed.ReadRevocationList());
        Assert.Contains("issued_at_unix_ms", error.Message);
        Assert.Equal(RevocationListVerdict.Malformed, RevocationLists.Verify(signed, Settler.PublicKey).Verdict);
    }

    [Fact]
    public void Unreadable_list_held_for_a_settler_makes_its_certificates_unverifiable()
    {
        var signed = List();
        signed.RevocationList = Samples.Bytes(6, 0xFF);
        var trusted = Trusting(signed);
        Assert.Equal(RevocationListVerdict.Malformed, trusted.Find(Settler.PublicKey)!.RevocationListVerdict);
        Assert.Equal(CertificateVerdict.BadRevocationList, CertificateVerifier.Verify(Issue(), trusted, Inside));
    }

    private static SignedRevocationList Resign(SignedRevocationList signed, Action<RevocationList> edit)
    {
        var bytes = Samples.Edit(signed.RevocationList, RevocationList.Parser, edit);
        return new SignedRevocationList { RevocationList = bytes, Signature = ByteString.CopyFrom(Settler.Sign(SignatureTags.RevocationList, bytes.Span)) };
    }
}
