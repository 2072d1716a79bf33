using Google.Protobuf;

namespace GigGossip.Protocol.Crypto;

/// <summary>
/// One signature's verdict kept beside the (immutable) message and signature bytes and the key it was found for, so a value
/// checked again with the same bytes and key is not hashed and verified again; any other bytes or key are checked afresh.
/// The simulator's nodes share one parsed request along its whole flood, whose signatures every hop checks.
/// </summary>
internal sealed class KeptVerdict
{
    private ByteString? _message;
    private ByteString? _signature;
    private PublicKey? _key;
    private bool _valid;

    public bool Verify(PublicKey key, string tag, ByteString message, ByteString signature)
    {
        if (ReferenceEquals(_message, message) && ReferenceEquals(_signature, signature) && key.Equals(_key)) return _valid;
        var valid = key.Verify(tag, message.Span, signature.Span);
        (_message, _signature, _key, _valid) = (message, signature, key, valid);
        return valid;
    }
}
