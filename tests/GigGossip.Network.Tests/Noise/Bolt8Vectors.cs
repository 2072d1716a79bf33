namespace GigGossip.Network.Tests.Noise;

/// <summary>The inputs and outputs of BOLT 8 Appendix A (shared/vectors/bolt08-transport.md), transcribed.</summary>
internal static class Bolt8Vectors
{
    public const string ResponderStaticPublic = "028d7500dd4c12685d1f568b4c2b5048e8534b873319f3a8daa612b469132ec7f7";
    public const string ResponderStaticSecret = "2121212121212121212121212121212121212121212121212121212121212121";
    public const string ResponderEphemeralSecret = "2222222222222222222222222222222222222222222222222222222222222222";
    public const string ResponderEphemeralPublic = "02466d7fcae563e5cb09a0d1870bb580344804617879a14949cf22285f1bae3f27";

    public const string InitiatorStaticSecret = "1111111111111111111111111111111111111111111111111111111111111111";
    public const string InitiatorStaticPublic = "034f355bdcb7cc0af728ef3cceb9615d90684bb5b2ca5f859ab0f0b704075871aa";
    public const string InitiatorEphemeralSecret = "1212121212121212121212121212121212121212121212121212121212121212";
    public const string InitiatorEphemeralPublic = "036360e856310ce5d294e8be33fc807077dc56ac80d95d9cd4ddbd21325eff73f7";

    public const string ActOne = "00036360e856310ce5d294e8be33fc807077dc56ac80d95d9cd4ddbd21325eff73f70df6086551151f58b8afe6c195782c6a";
    public const string ActTwo = "0002466d7fcae563e5cb09a0d1870bb580344804617879a14949cf22285f1bae3f276e2470b93aac583c9ef6eafca3f730ae";
    public const string ActThree = "00b9e3a702e93e3a9948c2ed6e5fd7590a6e1c3a0344cfc9d5b57357049aa22355361aa02e55a8fc28fef5bd6d71ad0c38228dc68b1c466263b47fdf31e560e139ba";

    /// <summary>The initiator's sending key (the responder's receiving key).</summary>
    public const string InitiatorSendingKey = "969ab31b4d288cedf6218839b27a3e2140827047f2c0f01bf5c04435d43511a9";

    /// <summary>The initiator's receiving key (the responder's sending key).</summary>
    public const string InitiatorReceivingKey = "bb9020b8965f4df047e07f955f3c4b88418984aadc5cdb35096b9ea8fa5c3442";

    public const string FinalChainingKey = "919219dbb2920afa8db80f9a51787a840bcf111ed8d588caf9ab4be716e42b01";

    // Initiator failure cases: act two as received.
    public const string ActTwoShortRead = "0002466d7fcae563e5cb09a0d1870bb580344804617879a14949cf22285f1bae3f276e2470b93aac583c9ef6eafca3f730";
    public const string ActTwoBadVersion = "0102466d7fcae563e5cb09a0d1870bb580344804617879a14949cf22285f1bae3f276e2470b93aac583c9ef6eafca3f730ae";
    public const string ActTwoBadKeySerialization = "0004466d7fcae563e5cb09a0d1870bb580344804617879a14949cf22285f1bae3f276e2470b93aac583c9ef6eafca3f730ae";
    public const string ActTwoBadMac = "0002466d7fcae563e5cb09a0d1870bb580344804617879a14949cf22285f1bae3f276e2470b93aac583c9ef6eafca3f730af";

    // Responder failure cases: act one as received.
    public const string ActOneShortRead = "00036360e856310ce5d294e8be33fc807077dc56ac80d95d9cd4ddbd21325eff73f70df6086551151f58b8afe6c195782c";
    public const string ActOneBadVersion = "01036360e856310ce5d294e8be33fc807077dc56ac80d95d9cd4ddbd21325eff73f70df6086551151f58b8afe6c195782c6a";
    public const string ActOneBadKeySerialization = "00046360e856310ce5d294e8be33fc807077dc56ac80d95d9cd4ddbd21325eff73f70df6086551151f58b8afe6c195782c6a";
    public const string ActOneBadMac = "00036360e856310ce5d294e8be33fc807077dc56ac80d95d9cd4ddbd21325eff73f70df6086551151f58b8afe6c195782c6b";

    // Responder failure cases: act three as received (after a good act one).
    public const string ActThreeBadVersion = "01b9e3a702e93e3a9948c2ed6e5fd7590a6e1c3a0344cfc9d5b57357049aa22355361aa02e55a8fc28fef5bd6d71ad0c38228dc68b1c466263b47fdf31e560e139ba";
    public const string ActThreeShortRead = "00b9e3a702e93e3a9948c2ed6e5fd7590a6e1c3a0344cfc9d5b57357049aa22355361aa02e55a8fc28fef5bd6d71ad0c38228dc68b1c466263b47fdf31e560e139";
    public const string ActThreeBadCiphertextMac = "00c9e3a702e93e3a9948c2ed6e5fd7590a6e1c3a0344cfc9d5b57357049aa22355361aa02e55a8fc28fef5bd6d71ad0c38228dc68b1c466263b47fdf31e560e139ba";
    public const string ActThreeBadRemoteStatic = "00bfe3a702e93e3a9948c2ed6e5fd7590a6e1c3a0344cfc9d5b57357049aa2235536ad09a8ee351870c2bb7f78b754a26c6cef79a98d25139c856d7efd252c2ae73c";
    public const string ActThreeBadMac = "00b9e3a702e93e3a9948c2ed6e5fd7590a6e1c3a0344cfc9d5b57357049aa22355361aa02e55a8fc28fef5bd6d71ad0c38228dc68b1c466263b47fdf31e560e139bb";

    // Message encryption: "hello" sent 1001+ times by the initiator; the outputs with these indexes.
    public static readonly (int Index, string Output)[] HelloMessages =
    [
        (0, "cf2b30ddf0cf3f80e7c35a6e6730b59fe802473180f396d88a8fb0db8cbcf25d2f214cf9ea1d95"),
        (1, "72887022101f0b6753e0c7de21657d35a4cb2a1f5cde2650528bbc8f837d0f0d7ad833b1a256a1"),
        (500, "178cb9d7387190fa34db9c2d50027d21793c9bc2d40b1e14dcf30ebeeeb220f48364f7a4c68bf8"),
        (501, "1b186c57d44eb6de4c057c49940d79bb838a145cb528d6e8fd26dbe50a60ca2c104b56b60e45bd"),
        (1000, "4a2f3cc3b5e78ddb83dcb426d9863d9d9a723b0337c89dd0b005d89f8d3c05c52b76b29b740f09"),
        (1001, "2ecd8c8a5629d0d02ab457a0fdd0f7b90a192cd46be5ecb6ca570bfc5e268338b1a16cf4ef2d36"),
    ];

    /// <summary>Sending key and chaining key after the first rotation (message 500): ck', k' = HKDF(ck, sk).</summary>
    public const string FirstRotationChainingKey = "cc2c6e467efc8067720c2d09c139d1f77731893aad1defa14f9bf3c48d3f1d31";
    public const string FirstRotationKey = "3fbdc101abd1132ca3a0ae34a669d8d9ba69a587e0bb4ddd59524541cf4813d8";
    public const string SecondRotationChainingKey = "728366ed68565dc17cf6dd97330a859a6a56e87e2beef3bd828a4c4a54d8df06";
    public const string SecondRotationKey = "9e0477f9850dca41e42db0e4d154e3a098e5a000d995e421849fcd5df27882bd";

    public static byte[] Bytes(string hex) => Convert.FromHexString(hex);

    public static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
