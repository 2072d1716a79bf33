using GigGossip.Protocol.Crypto;

namespace GigGossip.Wallet.Auth;

/// <summary>
/// How an account proves it holds its key: a BIP340 signature under <see cref="SignatureTags.WalletChallenge"/> over
/// the wallet's node id (33 bytes), the server's one-time nonce (32 bytes) and the account's x-only key (32 bytes).
/// The account id is that key in lower-case hex.
/// </summary>
public static class WalletSessionProof
{
    public static byte[] SignedBytes(ReadOnlySpan<byte> walletNodeId, ReadOnlySpan<byte> nonce, PublicKey account) =>
        [.. walletNodeId, .. nonce, .. account.Bytes];

    public static byte[] Sign(SecretKey account, ReadOnlySpan<byte> walletNodeId, ReadOnlySpan<byte> nonce) =>
        account.Sign(SignatureTags.WalletChallenge, SignedBytes(walletNodeId, nonce, account.PublicKey));

    public static bool Verify(PublicKey account, ReadOnlySpan<byte> walletNodeId, ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> signature) =>
        signature.Length == 64 && account.Verify(SignatureTags.WalletChallenge, SignedBytes(walletNodeId, nonce, account), signature);
}
