namespace GigGossip.Node.Hosting;

/// <summary>
/// The local control API: on 127.0.0.1 at <see cref="Port"/> (0: any free port), open only to requests
/// bearing the token kept in <see cref="TokenFile"/> (created 0600 on first start). When <see cref="UrlFile"/>
/// is set, the API's address is written there while the node runs.
/// </summary>
public sealed record ControlApiOptions(string TokenFile, int Port = 0, string? UrlFile = null);
