namespace GigGossip.Node.Config;

/// <summary>
/// The node's own LND node as its wallet (<c>"wallet": {"kind": "lnd", "restUrl", "macaroonFile", "tlsCertFile"}</c>):
/// LND's REST address (https), the macaroon file to send hex-encoded, and LND's tls.cert to pin. Files are checked to
/// exist when the config is read; their content when the wallet connects.
/// </summary>
public sealed record LndWalletConfig(Uri RestUrl, string MacaroonFile, string TlsCertFile);
