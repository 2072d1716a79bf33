using System.Text.Json;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Settlement;

namespace GigGossip.Node.Config;

/// <summary>
/// Trust on first use for settlers a config names by URI only: the first start fetches the settler's key, pins it in
/// <c>DATADIR/settler-keys.json</c> and says so (compare it with what the settler's operator published); every later
/// start fetches it again and refuses to start when it changed (someone else may answer at that address).
/// </summary>
public static class SettlerPins
{
    /// <summary>The config with every URI-only settler trusted under its pinned key, and a line for each key pinned now.</summary>
    /// <exception cref="NodeStartException">A settler does not answer, or presents a key other than the pinned one.</exception>
    public static async Task<(NodeConfig Config, IReadOnlyList<string> Pinned)> ResolveAsync(NodeConfig config, Func<string, ISettlerApi?> settlers, CancellationToken cancellationToken)
    {
        if (config.SettlersToPin.Count == 0) return (config, []);
        var pins = Read(config.PinFile);
        var trusted = config.TrustedSettlers.ToList();
        var pinnedNow = new List<string>();
        foreach (var uri in config.SettlersToPin)
        {
            PublicKey presented;
            try
            {
                presented = await (settlers(uri) ?? throw new NodeStartException($"no client for settler {uri}")).GetPublicKeyAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not NodeStartException and not OperationCanceledException)
            {
                throw new NodeStartException($"trusted settler {uri} does not answer to give its key: {e.Message}", e);
            }
            if (pins.TryGetValue(uri, out var pinned))
            {
                if (pinned != presented.ToHex())
                    throw new NodeStartException($"settler {uri} now presents key {presented}, not the key {pinned} pinned in {config.PinFile} on first use; " +
                        "if its operator really changed keys, delete that entry and start again");
            }
            else
            {
                pins[uri] = presented.ToHex();
                pinnedNow.Add($"pinned settler {uri} key {presented} (first use: check it with the settler's operator, e.g. `giggossip settler info --settler {uri}` on their side)");
            }
            trusted.Add(new TrustedSettlerAddress(uri, presented));
        }
        if (pinnedNow.Count > 0) Write(config.PinFile, pins);
        return (config with { TrustedSettlers = trusted, SettlersToPin = [] }, pinnedNow);
    }

    private static Dictionary<string, string> Read(string path)
    {
        try
        {
            if (!File.Exists(path)) return [];
            return JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new NodeStartException($"the settler key pins in {path} cannot be read: {e.Message}", e);
        }
    }

    private static void Write(string path, Dictionary<string, string> pins)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(pins, new JsonSerializerOptions { WriteIndented = true }));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NodeStartException($"cannot pin the settler keys in {path}: {e.Message}", e);
        }
    }
}
