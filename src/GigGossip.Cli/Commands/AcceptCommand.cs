using System.CommandLine;

namespace GigGossip.Cli.Commands;

/// <summary>`giggossip accept OFFER`: pay an offer's network and reply invoices; the money is held until the job is done.</summary>
public static class AcceptCommand
{
    public static Command Build()
    {
        var connection = new ControlConnection();
        var offer = new Argument<string>("OFFER") { Description = "The offer id (from `giggossip offers`)" };
        var command = connection.AddTo(new Command("accept", "Accept and pay an offer") { offer });
        command.SetAction((parse, ct) => connection.RunAsync(parse, async (client, output, token) =>
        {
            var accepted = await client.AcceptAsync(parse.GetValue(offer)!, token);
            await output.WriteLineAsync($"accepted offer {accepted.OfferId} for request {accepted.RequestId}: invoices paid, money held until the job is done");
        }, ct));
        return command;
    }
}
