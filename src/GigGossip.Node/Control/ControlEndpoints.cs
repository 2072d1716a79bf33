using System.Globalization;
using System.Text.Json;
using GigGossip.Node.Hosting;
using GigGossip.Protocol.Engine;
using GigGossip.Protocol.Topics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GigGossip.Node.Control;

/// <summary>The control API's endpoints: each turns a request into an app command or a query on the node.</summary>
internal static class ControlEndpoints
{
    public const int MaxContactLength = 512;
    public const long MaxPriceSats = 2_100_000_000_000_000;
    public const int MaxWaitSeconds = 60;
    public const int MaxEventsPerPage = 500;

    public static void Map(WebApplication app, NodeHost host)
    {
        Endpoint(app, "GET", "/v1/info", 200, (_, ct) => Info(host, ct));
        Endpoint(app, "POST", "/v1/requests/taxi", 200, (context, ct) => RequestTaxi(context, host, ct))
            .Body<TaxiRequestBody>(required: true);
        Endpoint(app, "GET", "/v1/offers", 200, (context, ct) => Offers(context, host, ct))
            .Query("request", "only the offers for this request id", ControlOpenApi.Text);
        Endpoint(app, "POST", "/v1/offers/{offerId}/accept", 200, (context, ct) => Accept(context, host, ct))
            .Query("wait", "seconds to wait for the payment's outcome (0: answer \"paying\" at once)", ControlOpenApi.Whole(0, MaxWaitSeconds));
        Endpoint(app, "POST", "/v1/jobs/{requestId}/done", 202, (context, ct) => Report(context, host, JobOutcome.Done, ct))
            .Query("wait", "seconds to wait for the settler to take the report", ControlOpenApi.Whole(0, MaxWaitSeconds));
        Endpoint(app, "POST", "/v1/jobs/{requestId}/dispute", 202, (context, ct) => Report(context, host, JobOutcome.Disputed, ct))
            .Body<StatementBody>(required: false)
            .Query("wait", "seconds to wait for the settler to take the report", ControlOpenApi.Whole(0, MaxWaitSeconds));
        Endpoint(app, "POST", "/v1/jobs/{requestId}/pickup", 200, (context, ct) => ControlServiceEndpoints.Pickup(context, host, ct))
            .Body<PickupBody>(required: true);
        Endpoint(app, "POST", "/v1/jobs/{requestId}/statement", 200, (context, ct) => ControlServiceEndpoints.Statement(context, host, ct))
            .Body<StatementBody>(required: true);
        Endpoint(app, "GET", "/v1/events", 200, (context, ct) => Events(context, host, ct))
            .Query("after", "only events numbered above this", ControlOpenApi.Whole(0, long.MaxValue))
            .Query("wait", "seconds to wait for a new event when there is none", ControlOpenApi.Whole(0, MaxWaitSeconds));
        Endpoint(app, "PUT", "/v1/work", 200, (context, ct) => SetWork(context, host, ct))
            .Body<WorkBody>(required: true);
        Endpoint(app, "DELETE", "/v1/work", 200, (_, ct) => StopWork(host, ct));
        OperatorEndpoints.Map(app, host);
        app.MapFallback("{*path}", context => ControlApi.Write(context, 404, new ErrorView($"no endpoint {context.Request.Method} {context.Request.Path}")));
    }

    /// <summary>Maps a handler whose result is sent as JSON with <paramref name="status"/>, and describes it in the OpenAPI document.</summary>
    internal static RouteHandlerBuilder Endpoint<T>(WebApplication app, string method, string pattern, int status, Func<HttpContext, CancellationToken, Task<T>> handler)
    {
        Func<HttpContext, Task> run = context => Run(context, status, handler);
        return ControlOpenApi.Describe<T>(app.MapMethods(pattern, [method], run), status);
    }

    private static async Task Run<T>(HttpContext context, int status, Func<HttpContext, CancellationToken, Task<T>> handler)
    {
        try
        {
            var result = await handler(context, context.RequestAborted).ConfigureAwait(false);
            await ControlApi.Write(context, status, result).ConfigureAwait(false);
        }
        catch (ControlRequestException e)
        {
            await ControlApi.Write(context, e.Status, new ErrorView(e.Message)).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            await ControlApi.Write(context, 503, new ErrorView("the node is stopping")).ConfigureAwait(false);
        }
    }

    private static async Task<InfoView> Info(NodeHost host, CancellationToken cancellationToken)
    {
        var balance = await OperatorEndpoints.BalanceAsync(host, cancellationToken).ConfigureAwait(false);
        var work = host.Work is { } w ? new WorkView(w.Area, w.PriceMsat, w.Contact) : null;
        var settlers = host.TrustedSettlerAddresses.Select(s => new SettlerView(s.Uri, s.PublicKey.ToHex())).ToList();
        return new InfoView(host.Id.ToHex(), host.AddressText, host.ConnectedPeers.Select(p => p.ToHex()).ToList(), balance, work,
            host.WorkSettlerUri, host.Events.LastSequence, host.Wallet.AccountId, settlers, OperatorEndpoints.Warnings(host, balance, OperatorEndpoints.Peers(host)), host.WalletView);
    }

    private static async Task<RequestStarted> RequestTaxi(HttpContext context, NodeHost host, CancellationToken cancellationToken)
    {
        var body = await Body<TaxiRequestBody>(context, cancellationToken).ConfigureAwait(false);
        var (topic, deadline) = TaxiTopics.Build(body, host.NowUnixMs, host.MaxGeohashPrecision);
        var events = await host.DoAsync(new BroadcastTopic(topic, deadline), cancellationToken).ConfigureAwait(false);
        return new RequestStarted(events.OfType<BroadcastStarted>().Single().PayloadId, deadline);
    }

    private static async Task<OffersView> Offers(HttpContext context, NodeHost host, CancellationToken cancellationToken)
    {
        var request = context.Request.Query["request"].ToString();
        var offers = await host.QueryAsync(engine => NodeEngine.Rank(engine.Offers.Where(o => request.Length == 0 || o.PayloadId == request))
            .Select(o => new OfferView(o.OfferId, o.PayloadId, o.PriceMsat, o.NetworkAmountMsat, o.SettlerUri, o.ReceivedAtUnixMs,
                engine.AcceptedOffer(o.PayloadId)?.OfferId == o.OfferId,
                engine.AcceptedOffer(o.PayloadId)?.OfferId == o.OfferId ? engine.PickupCodeFor(o.PayloadId) : null,
                engine.AcceptedOffer(o.PayloadId)?.OfferId == o.OfferId ? host.Jobs.StateOf(o.PayloadId) : null))
            .ToList(), cancellationToken).ConfigureAwait(false);
        return new OffersView(offers);
    }

    private static async Task<AcceptedView> Accept(HttpContext context, NodeHost host, CancellationToken cancellationToken)
    {
        var offerId = (string)context.Request.RouteValues["offerId"]!;
        var offer = await host.QueryAsync(engine => engine.Offers.FirstOrDefault(o => o.OfferId == offerId), cancellationToken).ConfigureAwait(false)
            ?? throw new ControlRequestException(404, $"no offer {offerId}");
        var wait = Number(context.Request.Query["wait"].ToString(), "wait", 0, MaxWaitSeconds) ?? 0;
        var before = host.Events.LastSequence;
        var events = await host.DoAsync(new AcceptOffer(offerId), cancellationToken).ConfigureAwait(false);
        if (!events.OfType<OfferPaid>().Any())
            throw new ControlRequestException(409, $"offer {offerId} cannot be accepted: an offer for request {offer.PayloadId} was accepted already");
        if (wait == 0) return new AcceptedView(offerId, offer.PayloadId, "paying");
        return await Outcomes.PaymentAsync(host, offer, before, (int)wait, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<ReportedView> Report(HttpContext context, NodeHost host, JobOutcome outcome, CancellationToken cancellationToken)
    {
        var requestId = (string)context.Request.RouteValues["requestId"]!;
        AppCommand command = outcome == JobOutcome.Done ? new ReportJobDone(requestId)
            : new DisputeJob(requestId, await ControlServiceEndpoints.DisputeStatement(context, cancellationToken).ConfigureAwait(false));
        var wait = Number(context.Request.Query["wait"].ToString(), "wait", 0, MaxWaitSeconds) ?? 0;
        var before = host.Events.LastSequence;
        var events = await host.DoAsync(command, cancellationToken).ConfigureAwait(false);
        if (events.OfType<NodeWarning>().FirstOrDefault() is { } warning) throw new ControlRequestException(404, warning.Message);
        if (wait > 0 && await Outcomes.ReportAsync(host, requestId, before, (int)wait, cancellationToken).ConfigureAwait(false) is { } refused)
            throw new ControlRequestException(409, refused);
        return new ReportedView(requestId, outcome.ToString());
    }

    private static async Task<EventsView> Events(HttpContext context, NodeHost host, CancellationToken cancellationToken)
    {
        var after = Number(context.Request.Query["after"].ToString(), "after", 0, long.MaxValue) ?? 0;
        var wait = Number(context.Request.Query["wait"].ToString(), "wait", 0, MaxWaitSeconds) ?? 0;
        if (wait > 0)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(wait));
            try
            {
                await host.Events.WaitForNewAsync(after, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
        var events = host.Events.Since(after, MaxEventsPerPage).Select(EventViews.From).ToList();
        return new EventsView(events, host.Events.LastSequence);
    }

    private static async Task<WorkStopped> StopWork(NodeHost host, CancellationToken cancellationToken)
    {
        await host.SetWorkAsync(null, cancellationToken).ConfigureAwait(false);
        return new WorkStopped(null);
    }

    private static async Task<WorkView> SetWork(HttpContext context, NodeHost host, CancellationToken cancellationToken)
    {
        var body = await Body<WorkBody>(context, cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(body.Area) || !Geohash.IsValid(body.Area))
            throw ControlRequestException.BadRequest($"area: {ControlInput.Quote(body.Area)} is not a geohash prefix (1-{Geohash.MaxPrecision} of {Geohash.Alphabet})");
        var priceMsat = WorkPrice.Msat(body);
        var contact = body.Contact ?? host.CurrentContact;
        if (string.IsNullOrWhiteSpace(contact) || contact.Length > MaxContactLength)
            throw ControlRequestException.BadRequest($"contact: 1-{MaxContactLength} characters the sender sees once it has paid");
        var work = new TaxiWork(body.Area, priceMsat, contact);
        try
        {
            await host.SetWorkAsync(work, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw new ControlRequestException(409, e.Message);
        }
        return new WorkView(work.Area, work.PriceMsat, work.Contact);
    }

    private static async Task<T> Body<T>(HttpContext context, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, ControlApi.RequestJson, cancellationToken).ConfigureAwait(false)
                ?? throw ControlRequestException.BadRequest("the body is null; send a JSON object");
        }
        catch (JsonException e)
        {
            throw ControlRequestException.BadRequest($"the body is not the JSON object expected: {Protocol.JsonErrors.Describe(e)}");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw ControlInput.TooLarge();
        }
    }

    private static long? Number(string text, string name, long min, long max)
    {
        if (text.Length == 0) return null;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw ControlRequestException.BadRequest($"{name}: {ControlInput.Quote(text)} is not a whole number between {min} and {max}");
        return value;
    }
}
