using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Engine;

/// <summary>
/// A gig worker's side: which jobs it takes, at what price, through which settler, and the contact
/// details it reveals to a sender who pays.
/// </summary>
public sealed record WorkerPolicy(
    Func<Topic, bool> TakesJob,
    long PriceMsat,
    string SettlerUri,
    string Contact);
