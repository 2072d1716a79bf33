namespace GigGossip.Simulation.Scenarios;

/// <summary>The rows of the whitepaper's attack table, each a policy the attackers' engines run behind.</summary>
public enum AttackKind
{
    /// <summary>Every node honest.</summary>
    None,

    /// <summary>Attackers broadcast fake requests as fast as their proof of work lets them.</summary>
    Spam,

    /// <summary>Attackers flood AskForBroadcast frames and never do the work.</summary>
    Ddos,

    /// <summary>Attackers stay connected and answer nothing.</summary>
    Silent,

    /// <summary>Attackers relay, but send every broadcast and ask several times, replaying proofs.</summary>
    Chatterbox,

    /// <summary>A share of the identities are Sybils that take broadcasts (and the proof of work) and drop them.</summary>
    Sybil,

    /// <summary>A share of each worker's links go through a dropping attacker.</summary>
    Eclipse,

    /// <summary>Attackers relay everything except the requests of one victim sender.</summary>
    Censorship,

    /// <summary>Attackers behave until half the requests are out, then all drop at once.</summary>
    CovertFlash,
}
