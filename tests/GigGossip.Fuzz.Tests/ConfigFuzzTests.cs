using System.Text;
using CsCheck;
using GigGossip.Cli.Config;

namespace GigGossip.Fuzz.Tests;

/// <summary>Config files are outside input too: the node's and the services' readers load them or throw their ConfigException.</summary>
public sealed class ConfigFuzzTests : IDisposable
{
    private const int Iterations = 1_000;

    private const string NodeConfig = """
        { "dataDir": "alice", "certificateFile": "alice/node.cert", "listenPort": 9735, "controlPort": 9736,
          "peers": ["0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798@127.0.0.1:9745"],
          "wallet": { "url": "http://127.0.0.1:8081/" },
          "trustedSettlers": [{ "uri": "http://127.0.0.1:7070/", "publicKey": "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798" }],
          "workSettler": "http://127.0.0.1:7070/", "work": { "area": "r3gx", "priceSats": 20000, "contact": "call 555" },
          "policy": { "fanout": 2, "routingFeeMsat": 1000, "holdDeltaMs": 60000 }, "sender": { "maxPriceMsat": 50000000 } }
        """;

    private const string ServicesConfig = """
        { "wallet": { "ledger": "wallet.db", "adminTokenFile": "wallet.token", "host": "127.0.0.1", "port": 8081, "network": "bcrt" },
          "settler": { "database": "settler.db", "adminTokenFile": "settler.token", "walletUri": "http://127.0.0.1:8081", "port": 8082,
                       "publicUri": null, "policy": { "networkFeeMsat": 1000, "lockTimeoutSeconds": 120, "disputeWindowSeconds": 900 } } }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("giggossip-config-fuzz-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Node_config_reader_only_throws_its_config_exception()
    {
        Assert.Equal(2, Node.Config.NodeConfig.Load(Write("valid.json", Encoding.UTF8.GetBytes(NodeConfig))).Policy.Fanout);
        Mutations.Of(Encoding.UTF8.GetBytes(NodeConfig)).Sample(bytes =>
            Mutations.OnlyThrows<Node.Config.ConfigException>(() => Node.Config.NodeConfig.Load(Write(bytes))), iter: Iterations);
        JsonShapes.Sample(text =>
            Mutations.OnlyThrows<Node.Config.ConfigException>(() => Node.Config.NodeConfig.Load(Write(Encoding.UTF8.GetBytes(text)))), iter: Iterations);
    }

    [Fact]
    public void Service_config_readers_only_throw_their_config_exception()
    {
        var valid = Write("services.json", Encoding.UTF8.GetBytes(ServicesConfig));
        Assert.Equal(8081, WalletServiceConfig.Load(valid).Port);
        Assert.Equal(120_000, SettlerConfig.Load(valid).Policy.LockTimeoutMs);
        Mutations.Of(Encoding.UTF8.GetBytes(ServicesConfig)).Sample(bytes =>
        {
            var path = Write(bytes);
            Mutations.OnlyThrows<ServiceConfigException>(() => WalletServiceConfig.Load(path));
            Mutations.OnlyThrows<ServiceConfigException>(() => SettlerConfig.Load(path));
        }, iter: Iterations);
        JsonShapes.Sample(text =>
        {
            var path = Write(Encoding.UTF8.GetBytes("{\"wallet\":" + text + ",\"settler\":" + text + "}"));
            Mutations.OnlyThrows<ServiceConfigException>(() => WalletServiceConfig.Load(path));
            Mutations.OnlyThrows<ServiceConfigException>(() => SettlerConfig.Load(path));
        }, iter: Iterations);
    }

    /// <summary>JSON-looking text built from the config's own names, numbers at the edges and structure, so the readers get past the parser.</summary>
    private static readonly Gen<string> JsonShapes = Gen.OneOf(
        Gen.OneOf<string>("dataDir", "certificateFile", "listenPort", "controlPort", "peers", "wallet", "url", "trustedSettlers", "uri", "publicKey",
            "work", "area", "priceSats", "contact", "policy", "fanout", "holdDeltaMs", "sender", "ledger", "adminTokenFile", "port", "host",
            "network", "database", "walletUri", "publicUri", "lockTimeoutSeconds", "networkFeeMsat").Select(name => $"\"{name}\""),
        Gen.OneOf<string>("0", "-1", "65536", "9223372036854775807", "-9223372036854775808", "1e400", "1.5", "true", "null", "\"\"", "\"http://x\"", "[]", "{}", "\"r3gx\""),
        Gen.OneOf<string>("{", "}", "[", "]", ":", ",", " "))
        .Array[1, 40].Select(tokens => "{" + string.Concat(tokens) + "}");

    private string Write(byte[] bytes) => Write($"{Guid.NewGuid():N}.json", bytes);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
