namespace GigGossip.Node.Control;

/// <summary>The price of a PUT /v1/work body: <c>priceMsat</c>, or whole <c>priceSats</c> (one of them, not both).</summary>
internal static class WorkPrice
{
    public const long MaxPriceMsat = ControlEndpoints.MaxPriceSats * 1000;

    public static long Msat(WorkBody body)
    {
        if (body.PriceMsat is not null && body.PriceSats is not null)
            throw ControlRequestException.BadRequest("give priceMsat or priceSats, not both");
        if (body.PriceMsat is { } msat)
            return msat is >= 1 and <= MaxPriceMsat ? msat : throw ControlRequestException.BadRequest($"priceMsat: a price between 1 and {MaxPriceMsat} msat is required");
        if (body.PriceSats is { } sats && sats >= 1 && sats <= ControlEndpoints.MaxPriceSats) return sats * 1000;
        throw ControlRequestException.BadRequest($"priceSats: a price between 1 and {ControlEndpoints.MaxPriceSats} sats is required");
    }
}
