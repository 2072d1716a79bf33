using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using GigGossip.Network.Peers;
using GigGossip.Network.Tcp;
using GigGossip.Node.Control;
using GigGossip.Payments;
using GigGossip.Protocol.Bolt11;
using GigGossip.Protocol.Certificates;
using GigGossip.Protocol.Crypto;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Frames;
using GigGossip.Settler.Client;
using GigGossip.Wallet.Client;
using Google.Protobuf;

namespace GigGossip.Crash.Tests;

/// <summary>
/// Cheat 2, replying as someone else, with the real daemons as separate processes (wallet, settler, sender, middleman,
/// licensed driver). The impostor holds a copy of the driver's certificate (requests no longer carry it: they travel under
/// one-time certificates) and a ride request of the sender's as the middleman gossiped it over BOLT 8; the node daemon will not run under a certificate that is not for its key, so it calls the settler service itself,
/// over HTTP, as a modified node would: no reply hash, no promise. The rider pays only the licensed driver, and every
/// account ends to the msat where the honest ride puts it; the impostor's account is untouched.
/// </summary>
public sealed class MoneyRuleImpostorDaemonTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly long Price = RideWorld.PriceSats * 1000;

    [Fact]
    public async Task Impostor_under_the_licensed_drivers_certificate_gets_no_reply_hash_and_no_promise_and_the_rider_pays_only_the_driver()
    {
        await using var world = await RideWorld.StartAsync(null);
        var impostor = SecretKey.Generate();
        await world.Admin.FundAsync(impostor.PublicKey.ToHex(), RideWorld.FundingMsat, Ct);
        var minted = (await world.Admin.AuditAsync(Ct)).MintedMsat;
        var driverKey = PublicKey.FromHex(world.Accounts["driver"]);
        var senderKey = PublicKey.FromHex(world.Accounts["sender"]);

        // The unmodified node daemon refuses to run under the driver's certificate with the impostor's key.
        var refused = await DaemonUnderDriversCertificateAsync(world, impostor);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains($"the certificate is for key {driverKey.ToHex()}, not this node's key {impostor.PublicKey.ToHex()}", refused.Output);
        Assert.DoesNotContain("   at ", refused.Output);

        // The impostor joins the network as a peer of the middleman and listens to the gossip.
        await using var gossip = await Gossip.ConnectAsync(PeerAddress.Parse(world.Addresses["middleman"]), impostor);
        await Bounded.UntilAsync(async () => (await world.Control("middleman").InfoAsync(Ct)).Peers.Count == 3, "the middleman to have the impostor as a peer");
        // The driver asks for a parcel run nobody serves: its request carries a one-time certificate from the settler, neither
        // the driver's key nor its licence (docs/protocol/privacy.md), so the gossip gives the impostor nothing to pose with.
        var parcel = await world.Control("driver").RequestTaxiAsync(new TaxiRequestBody("u33dc0", "u33dc1", 600, 5), Ct);
        var oneTime = (await gossip.RequestAsync(parcel.RequestId)).ReadRequestPayload().SenderCertificate.ReadCertificate();
        Assert.False(oneTime.SubjectPublicKey.Span.SequenceEqual(driverKey.Bytes));
        Assert.Empty(oneTime.Properties);
        // A certificate is no secret, though (a rider reads the driver's in every reply): the impostor has a copy of the driver's.
        var driverCertificate = SignedCertificate.Parser.ParseFrom(Convert.FromBase64String(File.ReadAllText(Path.Combine(world.Directory, "driver", "node.cert"))));
        Assert.True(driverCertificate.ReadCertificate().Properties.ContainsKey("driving_licence"));

        var events = new EventCursor(() => world.Control("sender"), (await world.Control("sender").InfoAsync(Ct)).LastEvent);
        var ride = await world.Control("sender").RequestTaxiAsync(new TaxiRequestBody("r3gx2g5", "r3gx2u9", 600, 60), Ct);
        var request = await gossip.RequestAsync(ride.RequestId);
        var requestKey = PublicKey.FromBytes(request.ReadRequestPayload().SenderCertificate.ReadCertificate().SubjectPublicKey.Span);
        Assert.NotEqual(senderKey, requestKey);

        using (var settler = new SettlerHttpClient(world.SettlerUri))
        {
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var ownKey = Assert.IsType<SettlerRefused>(await settler.CallAsync(ReplyPaymentHashRequest.Create(request, driverCertificate, impostor, now), Ct));
            Assert.Equal(SettlerRefusal.Unauthorized, ownKey.Reason);
            Assert.Contains("not the subject", ownKey.Message, StringComparison.Ordinal);
            var namingDriver = ReplyPaymentHashRequest.Create(request, driverCertificate, impostor, now) with { Replier = driverKey };
            Assert.Equal(SettlerRefusal.Unauthorized, Assert.IsType<SettlerRefused>(await settler.CallAsync(namingDriver, Ct)).Reason);
            Assert.Equal(SettlerRefusal.BadRequest, Assert.IsType<SettlerRefused>(await settler.CallAsync(new ReplyPaymentHashRequest(request, driverKey), Ct)).Reason);

            // A promise for a reply under the driver's certificate, signed by the impostor, on its own invoice: refused.
            using var wallet = new WalletHttpClient(world.WalletUri, impostor);
            var invoice = await wallet.CreateInvoiceAsync(new HodlInvoiceRequest(PaymentHash.FromBytes(RandomNumberGenerator.GetBytes(32)), Price, "ride", MinFinalCltvExpiryDelta: 1), Ct);
            var payload = new ReplyPayload
            {
                ReplierCertificate = driverCertificate,
                SignedRequestPayload = request,
                EncryptedReplyMessage = ByteString.CopyFrom(SealedBox.Seal(requestKey, new ReplyMessage { Contact = "impostor", PriceMsat = Price }.ToByteArray())),
                ReplyInvoice = invoice.Bolt11,
            };
            ReplySignatures.Sign(payload, request.ReadRequestPayload().PayloadId, impostor);
            var promise = Assert.IsType<SettlerRefused>(await settler.CallAsync(new SettlementPromiseRequest(request, driverKey, payload.ToByteArray(), invoice.Bolt11), Ct));
            Assert.Equal(SettlerRefusal.BadRequest, promise.Reason);
            Assert.Contains("not signed by its replier", promise.Message, StringComparison.Ordinal);
            await wallet.CancelAsync(invoice.PaymentHash, Ct);
        }

        // The rider's only offer is the licensed driver's; it pays it, the contact is the driver's, and "done" settles.
        var offer = await events.NextAsync(e => e.Type == "OfferReceived", "the driver's offer");
        var revealed = await AcceptAsync(world, events, Text(offer, "offerId"));
        Assert.Equal(driverKey.ToHex(), Text(revealed, "replier"));
        Assert.Equal([Text(offer, "offerId")], (await world.Control("sender").OffersAsync(ride.RequestId, Ct)).Offers.Select(o => o.OfferId));
        await world.Control("sender").DoneAsync(ride.RequestId, Ct);
        await Bounded.UntilAsync(async () => (await world.Admin.AuditAsync(Ct)).HeldMsat == 0, "every held payment to settle");

        Assert.Equal(RideWorld.FundingMsat - Price - RideWorld.MiddlemanFeeMsat - RideWorld.DriverFeeMsat - RideWorld.SettlerFeeMsat, await world.BalanceAsync("sender"));
        Assert.Equal(RideWorld.FundingMsat + RideWorld.MiddlemanFeeMsat, await world.BalanceAsync("middleman"));
        Assert.Equal(RideWorld.FundingMsat + Price + RideWorld.DriverFeeMsat, await world.BalanceAsync("driver"));
        Assert.Equal(RideWorld.SettlerFeeMsat, await world.BalanceAsync("settler"));
        Assert.Equal(RideWorld.FundingMsat, await world.Admin.GetBalanceAsync(impostor.PublicKey.ToHex(), Ct));
        var audit = await world.Admin.AuditAsync(Ct);
        Assert.Equal((true, minted, 0L), (audit.Balanced, audit.AccountsMsat + audit.HeldMsat, audit.HeldMsat));
        await using var check = ChildProcess.Start("wallet check", null, "wallet", "check", "--db", world.WalletDb);
        await check.Exited.Within();
        Assert.True(check.ExitCode == 0 && check.Output.Contains("balanced", StringComparison.Ordinal), check.Output);
    }

    private static async Task<EventView> AcceptAsync(RideWorld world, EventCursor events, string offerId)
    {
        await world.Control("sender").AcceptAsync(offerId, Ct);
        return await events.NextAsync(e => e.Type == "ContactRevealed", "ContactRevealed");
    }

    /// <summary>`giggossip node` with the impostor's key and the driver's certificate file; waits until it exits.</summary>
    private static async Task<ChildProcess> DaemonUnderDriversCertificateAsync(RideWorld world, SecretKey impostor)
    {
        var data = Path.Combine(world.Directory, "impostor");
        Directory.CreateDirectory(data);
        var keyFile = Path.Combine(data, "node.key");
        File.WriteAllText(keyFile, Convert.ToHexStringLower(impostor.Bytes));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var config = new JsonObject
        {
            ["dataDir"] = "impostor",
            ["certificateFile"] = "driver/node.cert",
            ["listenPort"] = 0,
            ["controlPort"] = 0,
            ["wallet"] = new JsonObject { ["url"] = world.WalletUri.AbsoluteUri },
            ["trustedSettlers"] = new JsonArray(new JsonObject { ["uri"] = world.SettlerUri.AbsoluteUri.TrimEnd('/'), ["publicKey"] = world.SettlerAccount }),
            ["workSettler"] = world.SettlerUri.AbsoluteUri.TrimEnd('/'),
            ["work"] = new JsonObject { ["area"] = "r3gx", ["priceSats"] = RideWorld.PriceSats / 2, ["contact"] = "impostor" },
        };
        var path = Path.Combine(world.Directory, "impostor.json");
        File.WriteAllText(path, config.ToJsonString());
        var process = ChildProcess.Start("impostor", null, "node", "--config", path);
        await process.Exited.Within();
        await process.DisposeAsync();
        return process;
    }

    private static string Text(EventView view, string field) => view.Data[field] is JsonElement { ValueKind: JsonValueKind.String } s ? s.GetString()! : view.Data[field]!.ToString()!;

    /// <summary>The impostor as a BOLT 8 peer: it only listens, keeping the requests the middleman asks it to carry.</summary>
    private sealed class Gossip : IAsyncDisposable
    {
        private readonly PeerConnection _peer;
        private readonly Channel<SignedRequestPayload> _requests = Channel.CreateUnbounded<SignedRequestPayload>();
        private readonly List<SignedRequestPayload> _seen = [];
        private readonly Task _reader;

        private Gossip(PeerConnection peer)
        {
            _peer = peer;
            _reader = Task.Run(ReadAsync);
        }

        public static async Task<Gossip> ConnectAsync(PeerAddress middleman, SecretKey key) =>
            new(PeerConnection.Start(await NoiseConnection.ConnectAsync(middleman, key, cancellationToken: Ct)));

        /// <summary>The request <paramref name="payloadId"/> (hex) as the middleman asked us to carry it.</summary>
        public async Task<SignedRequestPayload> RequestAsync(string payloadId)
        {
            bool From(SignedRequestPayload r) => Convert.ToHexStringLower(r.ReadRequestPayload().PayloadId.Span) == payloadId;
            lock (_seen)
                if (_seen.FirstOrDefault(From) is { } earlier) return earlier;
            while (true)
            {
                var next = await _requests.Reader.ReadAsync(Ct).AsTask().Within();
                if (From(next)) return next;
            }
        }

        private async Task ReadAsync()
        {
            await foreach (var bytes in _peer.Frames.ReadAllAsync())
                if (FrameCodec.Decode(bytes) is { AskForBroadcast: { } ask })
                {
                    lock (_seen) _seen.Add(ask.SignedRequestPayload);
                    _requests.Writer.TryWrite(ask.SignedRequestPayload);
                }
        }

        public async ValueTask DisposeAsync()
        {
            await _peer.DisposeAsync();
            await _reader;
        }
    }
}
