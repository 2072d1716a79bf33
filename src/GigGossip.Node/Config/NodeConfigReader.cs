using GigGossip.Hosting;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using GigGossip.Network.Tcp;
using GigGossip.Node.Control;
using GigGossip.Node.Hosting;
using GigGossip.Protocol;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Topics;

namespace GigGossip.Node.Config;

/// <summary>Reads a node config file and checks each field, naming the first one that is wrong.</summary>
internal static class NodeConfigReader
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static NodeConfig Read(string path)
    {
        var file = Parse(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        string Resolve(string relative) => Path.GetFullPath(relative, directory);
        var dataDirectory = Resolve(Required(file.DataDir, "dataDir"));
        var (trusted, toPin) = TrustedSettlers(file.TrustedSettlers);
        var workSettler = file.WorkSettler;
        if (workSettler is not null && trusted.All(t => t.Uri != workSettler) && !toPin.Contains(workSettler))
            throw new ConfigException("workSettler", $"'{workSettler}' is not one of trustedSettlers (a node works only through a settler it trusts)");
        var work = Work(file.Work, workSettler);
        var keyFile = file.KeyFile is { } key ? Resolve(key) : Path.Combine(dataDirectory, "node.key");
        var wallet = file.Wallet ?? throw new ConfigException("wallet", "is required: { \"url\": ..., \"accountKeyFile\": ... (default: the node key) } or { \"kind\": \"lnd\", \"restUrl\": ..., \"macaroonFile\": ..., \"tlsCertFile\": ... } or { \"kind\": \"htlc\", \"rpcUrl\": ..., \"rpcUser\": ..., \"rpcPassword\": ..., \"walletFile\": ... }");
        var htlc = WalletSectionReader.ReadHtlc(wallet, Resolve);
        var policy = Policy(file.Policy ?? new());
        var discovery = DiscoveryReader.Read(file.Bootstrap, file.Discovery);
        if (discovery is not null && file.Discovery?.Scoring != false) policy = policy with { Scoring = new Protocol.Peers.PeerScoreParams() };
        if (htlc is not null && policy.RoutingFeeMsat % 1000 != 0)
            throw new ConfigException("policy.routingFeeMsat", $"must be whole satoshis on an htlc wallet (a multiple of 1000), got {policy.RoutingFeeMsat}");
        return new NodeConfig
        {
            DataDirectory = dataDirectory,
            KeyFile = keyFile,
            CertificateFile = Resolve(Required(file.CertificateFile, "certificateFile")),
            Listen = new IPEndPoint(Address(file.ListenAddress), Port(file.ListenPort, "listenPort")),
            ControlPort = Port(file.ControlPort, "controlPort"),
            Peers = Peers(file.Peers),
            Discovery = discovery,
            WalletUrl = WalletSectionReader.Url(wallet, Resolve),
            WalletLnd = WalletSectionReader.ReadLnd(wallet, Resolve),
            WalletHtlc = htlc,
            WalletKeyFile = wallet.AccountKeyFile is { } walletKey ? Resolve(walletKey) : keyFile,
            TrustedSettlers = trusted,
            SettlersToPin = toPin,
            WorkSettlerUri = workSettler,
            Work = work,
            Policy = policy,
            Sender = Sender(file.Sender ?? new()),
            MaxBadFrames = (int)Range(file.MaxBadFrames, "maxBadFrames", 1, 10_000, 10),
            MaxRejectedFrames = (int)Range(file.MaxRejectedFrames, "maxRejectedFrames", 1, 100_000, NodeHostOptions.DefaultMaxRejectedFrames),
            HandshakeTimeout = TimeSpan.FromSeconds(Range(file.HandshakeTimeoutSeconds, "handshakeTimeoutSeconds", 1, 600, 10)),
            MaxPendingHandshakesPerAddress = (int)Range(file.MaxPendingHandshakesPerAddress, "maxPendingHandshakesPerAddress", 1, NoiseListener.MaxPendingHandshakes, 16),
            DroppedPeerCooloff = TimeSpan.FromSeconds(Range(file.DroppedPeerCooloffSeconds, "droppedPeerCooloffSeconds", 0, 86_400, 60)),
            TrustRefreshInterval = TimeSpan.FromSeconds(Range(file.TrustRefreshSeconds, "trustRefreshSeconds", 10, 86_400, 600)),
        };
    }

    private static NodeConfigFile Parse(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException("(file)", $"cannot read {path}: {e.Message}", e);
        }
        try
        {
            return JsonSerializer.Deserialize<NodeConfigFile>(text, Json) ?? throw new ConfigException("(file)", "the file holds null, not a JSON object");
        }
        catch (JsonException e)
        {
            var field = e.Path is { Length: > 2 } jsonPath ? jsonPath.TrimStart('$', '.') : "(file)";
            throw new ConfigException(field, $"not valid here: {JsonErrors.Describe(e)}", e);
        }
    }

    internal static string Required(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? throw new ConfigException(field, "is required") : value;

    internal static long Range(long? value, string field, long min, long max, long fallback)
    {
        var number = value ?? fallback;
        if (number < min || number > max) throw new ConfigException(field, $"{number} is not between {min} and {max}");
        return number;
    }

    private static int Port(int? value, string field) => (int)Range(value, field, 0, 65_535, 0);

    private static IPAddress Address(string? text)
    {
        if (text is null) return IPAddress.Loopback;
        return IPAddress.TryParse(text, out var address) ? address : throw new ConfigException("listenAddress", $"'{text}' is not an IP address");
    }

    private static List<PeerAddress> Peers(List<string?>? peers)
    {
        var addresses = new List<PeerAddress>();
        for (var i = 0; i < (peers?.Count ?? 0); i++)
        {
            try
            {
                addresses.Add(PeerAddress.Parse(Required(peers![i], $"peers[{i}]")));
            }
            catch (InvalidPeerAddressException e)
            {
                throw new ConfigException($"peers[{i}]", e.Message, e);
            }
        }
        return addresses;
    }

    private static Uri HttpUrl(string? text, string field)
    {
        if (!Uri.TryCreate(Required(text, field), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new ConfigException(field, $"'{text}' is not an absolute http(s) URL");
        return url;
    }

    /// <summary>The settlers with a key, and the URIs of those without one (their keys are pinned on first use).</summary>
    private static (List<TrustedSettlerAddress> Trusted, List<string> ToPin) TrustedSettlers(List<NodeConfigFile.SettlerSection?>? settlers)
    {
        if (settlers is not { Count: > 0 }) throw new ConfigException("trustedSettlers", "at least one settler is required: [{ \"uri\": ..., \"publicKey\": ... }]");
        var trusted = new List<TrustedSettlerAddress>();
        var toPin = new List<string>();
        for (var i = 0; i < settlers.Count; i++)
        {
            var field = $"trustedSettlers[{i}]";
            var settler = settlers[i] ?? throw new ConfigException(field, "is null");
            HttpUrl(settler.Uri, field + ".uri");
            var uri = settler.Uri!;
            if (settler.PublicKey is null)
            {
                if (toPin.Contains(uri) || trusted.Any(t => t.Uri == uri)) throw new ConfigException(field, "lists a settler already listed");
                toPin.Add(uri);
                continue;
            }
            PublicKey key;
            try
            {
                key = PublicKey.FromHex(Required(settler.PublicKey, field + ".publicKey"));
            }
            catch (CryptoException e)
            {
                throw new ConfigException(field + ".publicKey", $"'{settler.PublicKey}' is not a 64-hex-digit x-only public key: {e.Message}", e);
            }
            if (trusted.Any(t => t.PublicKey.Equals(key) || t.Uri == uri) || toPin.Contains(uri)) throw new ConfigException(field, "lists a settler already listed");
            trusted.Add(new TrustedSettlerAddress(uri, key));
        }
        return (trusted, toPin);
    }

    private static TaxiWork? Work(NodeConfigFile.WorkSection? work, string? workSettler)
    {
        if (work is null) return null;
        if (workSettler is null) throw new ConfigException("workSettler", "is required when work is set (the settler the node works through)");
        if (!Geohash.IsValid(work.Area)) throw new ConfigException("work.area", $"'{work.Area}' is not a geohash prefix (1-{Geohash.MaxPrecision} of {Geohash.Alphabet})");
        var sats = Range(work.PriceSats ?? 0, "work.priceSats", 1, ControlEndpoints.MaxPriceSats, 0);
        var contact = Required(work.Contact, "work.contact");
        if (contact.Length > ControlEndpoints.MaxContactLength) throw new ConfigException("work.contact", $"is longer than {ControlEndpoints.MaxContactLength} characters");
        return new TaxiWork(work.Area!, sats * 1000, contact);
    }

    /// <summary>The most bits a node requires of a sender's stamp: 2^40 tries is hours of hashing on one core.</summary>
    internal const int MaxStampBits = 40;

    private static NodePolicy Policy(NodeConfigFile.PolicySection p)
    {
        var defaults = new NodePolicy();
        return defaults with
        {
            PowLeadingZeroBits = (int)Range(p.PowLeadingZeroBits, "policy.powLeadingZeroBits", 0, 64, defaults.PowLeadingZeroBits),
            MaxPowLeadingZeroBitsAccepted = (int)Range(p.MaxPowLeadingZeroBitsAccepted, "policy.maxPowLeadingZeroBitsAccepted", 0, 64, defaults.MaxPowLeadingZeroBitsAccepted),
            StampBits = (int)Range(p.StampBits, "policy.stampBits", 0, MaxStampBits, defaults.StampBits),
            TimestampToleranceMs = Range(p.TimestampToleranceMs, "policy.timestampToleranceMs", 1, 3_600_000, defaults.TimestampToleranceMs),
            AskValidityMs = Range(p.AskValidityMs, "policy.askValidityMs", 1, 3_600_000, defaults.AskValidityMs),
            RoutingFeeMsat = Range(p.RoutingFeeMsat, "policy.routingFeeMsat", 0, 1_000_000_000, defaults.RoutingFeeMsat),
            MaxRoutingFeeMsatAccepted = Range(p.MaxRoutingFeeMsatAccepted, "policy.maxRoutingFeeMsatAccepted", 0, 1_000_000_000, defaults.MaxRoutingFeeMsatAccepted),
            Fanout = (int)Range(p.Fanout, "policy.fanout", 1, 64, defaults.Fanout),
            Multibroadcast = (int)Range(p.Multibroadcast, "policy.multibroadcast", 1, 16, defaults.Multibroadcast),
            Topics = defaults.Topics with { MaxGeohashPrecision = (int)Range(p.MaxGeohashPrecision, "policy.maxGeohashPrecision", 1, Geohash.MaxPrecision, defaults.Topics.MaxGeohashPrecision) },
            InvoiceExpiryMs = Range(p.InvoiceExpiryMs, "policy.invoiceExpiryMs", 1_000, 86_400_000, defaults.InvoiceExpiryMs),
            HoldDeltaMs = Range(p.HoldDeltaMs, "policy.holdDeltaMs", 1_000, 86_400_000, defaults.HoldDeltaMs),
            SettlerPollMs = Range(p.SettlerPollMs, "policy.settlerPollMs", 100, 3_600_000, defaults.SettlerPollMs),
            MemoryWindowMs = Range(p.MemoryWindowMs, "policy.memoryWindowMs", 1_000, 86_400_000, defaults.MemoryWindowMs),
        };
    }

    private static SenderPolicy Sender(NodeConfigFile.SenderSection s)
    {
        var defaults = new SenderPolicy();
        return new SenderPolicy
        {
            MaxNetworkFeeMsat = Range(s.MaxNetworkFeeMsat, "sender.maxNetworkFeeMsat", 0, long.MaxValue, defaults.MaxNetworkFeeMsat),
            MaxPriceMsat = Range(s.MaxPriceMsat, "sender.maxPriceMsat", 0, long.MaxValue, defaults.MaxPriceMsat),
            AutoAcceptBestOffer = s.AutoAcceptBestOffer ?? false,
            ReplyHoldMs = Range(s.ReplyHoldMs, "sender.replyHoldMs", 600_000, 7 * 86_400_000L, defaults.ReplyHoldMs),
            NetworkHoldMs = Range(s.NetworkHoldMs, "sender.networkHoldMs", 600_000, 7 * 86_400_000L, defaults.NetworkHoldMs),
            RequiredProperties = RequiredProperties(s.RequiredProperties),
        };
    }

    /// <summary>Per job kind, the properties a replier's certificate must carry before this node pays it (absent: a taxi needs "driving_licence").</summary>
    private static JobRequirements RequiredProperties(Dictionary<string, string[]?>? byKind) =>
        byKind is null ? JobRequirements.Default
        : JobKinds.Requirements(byKind, out var problem) ?? throw new ConfigException("sender.requiredProperties", problem!);
}
