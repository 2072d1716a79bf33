namespace GigGossip.Htlc.Chain;

/// <summary>What went wrong talking to the node.</summary>
public enum ChainSourceError
{
    /// <summary>No answer: wrong URL or port, node not running, timeout.</summary>
    Unreachable,

    /// <summary>The node refused the credentials (HTTP 401) or the client address (HTTP 403, rpcallowip).</summary>
    Unauthorized,

    /// <summary>The node answered with a JSON-RPC error, see <see cref="ChainSourceException.RpcCode"/>.</summary>
    Rpc,

    /// <summary>The answer was not the JSON-RPC response expected.</summary>
    BadResponse,
}

/// <summary>A failed call to the Bitcoin node, with a message saying what to do about it.</summary>
public sealed class ChainSourceException(ChainSourceError error, string message, int? rpcCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public ChainSourceError Error { get; } = error;

    /// <summary>Bitcoin Core's RPC error code (e.g. -26 rejected, -25 missing inputs) when <see cref="Error"/> is Rpc.</summary>
    public int? RpcCode { get; } = rpcCode;
}
