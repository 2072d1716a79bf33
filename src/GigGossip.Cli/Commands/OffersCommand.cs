using System.CommandLine;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip offers [--request ID]`: the offers received, best first.</summary>
public static class OffersCommand
{
    public static Command Build()
    {
        var connection = new ControlConnection();
        var request = new Option<string?>("--request") { Description = "Only the offers for this request" };
        var command = connection.AddTo(new Command("offers", "List the offers received for your requests, best first") { request });
        command.SetAction((parse, ct) => connection.RunAsync(parse, async (client, output, token) =>
        {
            var offers = (await client.OffersAsync(parse.GetValue(request), token)).Offers;
            if (offers.Count == 0) await output.WriteLineAsync("no offers yet");
            foreach (var offer in offers)
                await output.WriteLineAsync($"{offer.OfferId}  request {offer.RequestId}  price {offer.PriceMsat / 1000.0:0.###} sat  network {offer.NetworkMsat} msat  settler {offer.SettlerUri}{(offer.Accepted ? "  [accepted]" : "")}");
        }, ct));
        return command;
    }
}
