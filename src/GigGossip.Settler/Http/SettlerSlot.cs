using GigGossip.Settler.Host;
using GigGossip.Http;

namespace GigGossip.Settler.Http;

/// <summary>The host behind the endpoints: Kestrel binds first (the settler's URI may be its address), the host starts after.</summary>
internal sealed class SettlerSlot
{
    public SettlerHost? Host { get; set; }

    public SettlerHost Require() => Host ?? throw new HttpProblemException(503, "Starting", "the settler is starting; try again shortly");
}
