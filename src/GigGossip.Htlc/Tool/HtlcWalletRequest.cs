using GigGossip.Hosting;
namespace GigGossip.Htlc.Tool;

/// <summary>The command-line options that open an HTLC wallet file against a Bitcoin Core node, as typed.</summary>
public sealed record HtlcWalletRequest
{
    public string? Db { get; init; }
    public string? Rpc { get; init; }
    public string? RpcCookie { get; init; }
    public string? RpcUser { get; init; }
    public string? RpcPassword { get; init; }
    public string? Network { get; init; }
    public string? KeyFile { get; init; }
    public string? Confirmations { get; init; }
}
