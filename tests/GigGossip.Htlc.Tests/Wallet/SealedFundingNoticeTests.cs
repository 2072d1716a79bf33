using GigGossip.Htlc.Transactions;
using GigGossip.Payments;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Htlc.Tests.Wallet;

public class SealedFundingNoticeTests
{
    private const string Notice = "htlc-funding:a820:0000000000000000000000000000000000000000000000000000000000000001:0";

    [Fact]
    public void A_notice_sealed_to_a_payee_key_of_either_parity_opens_with_that_key_only()
    {
        var parities = new HashSet<byte>();
        for (var i = 0; i < 24; i++)
        {
            var payee = HtlcFixture.KeyFrom("payee" + i);
            var other = HtlcFixture.KeyFrom("other" + i);
            parities.Add(payee.PublicKey[0]);
            var box = SealedFundingNotice.Seal(Notice, payee.PublicKey);
            Assert.Equal(-1, box.AsSpan().IndexOf("htlc-funding"u8));
            Assert.Equal(Notice, SealedFundingNotice.Open(box, Convert.FromHexString(payee.SecretHex)));
            Assert.Throws<DecryptionFailedException>(() => SealedFundingNotice.Open(box, Convert.FromHexString(other.SecretHex)));
        }
        Assert.Equal([(byte)0x02, (byte)0x03], parities.Order().ToArray());
    }

    [Fact]
    public void Any_changed_byte_of_a_sealed_notice_makes_it_fail_to_open()
    {
        var payee = HtlcFixture.KeyFrom("payee");
        var box = SealedFundingNotice.Seal(Notice, payee.PublicKey);
        for (var i = 0; i < box.Length; i++)
        {
            var changed = box.ToArray();
            changed[i] ^= 0x80;
            Assert.Throws<DecryptionFailedException>(() => SealedFundingNotice.Open(changed, Convert.FromHexString(payee.SecretHex)));
        }
        Assert.Throws<DecryptionFailedException>(() => SealedFundingNotice.Open(box[..^1], Convert.FromHexString(payee.SecretHex)));
    }

    [Fact]
    public void A_payee_key_that_is_not_a_compressed_public_key_is_refused()
    {
        Assert.Throws<CryptoException>(() => SealedFundingNotice.Seal(Notice, new byte[32]));
        Assert.Throws<CryptoException>(() => SealedFundingNotice.Seal(Notice, [0x04, .. new byte[32]]));
    }
}
