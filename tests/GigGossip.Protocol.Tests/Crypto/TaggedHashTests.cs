using System.Security.Cryptography;
using System.Text;
using GigGossip.Protocol.Crypto;

namespace GigGossip.Protocol.Tests.Crypto;

public class TaggedHashTests
{
    [Fact]
    public void Tagged_hash_is_sha256_of_twice_the_tag_hash_and_message()
    {
        var tagHash = SHA256.HashData(Encoding.UTF8.GetBytes("BIP0340/challenge"));
        var expected = SHA256.HashData([.. tagHash, .. tagHash, 1, 2, 3]);
        Assert.Equal(expected, TaggedHash.Compute("BIP0340/challenge", [1, 2, 3]));
    }

    [Fact]
    public void Different_tags_give_different_hashes()
    {
        Assert.NotEqual(TaggedHash.Compute(SignatureTags.RequestPayload, [7]), TaggedHash.Compute(SignatureTags.Certificate, [7]));
    }
}
