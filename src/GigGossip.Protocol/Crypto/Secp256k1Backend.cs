namespace GigGossip.Protocol.Crypto;

/// <summary>Which secp256k1 backend a host asks for: the fastest that loads (native, else managed), or one of them.</summary>
public enum Secp256k1Backend
{
    Fastest,
    Managed,
    Native,
}
