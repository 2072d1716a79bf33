namespace GigGossip.Simulation.Discovery;

/// <summary>
/// Made-up IPv4 addresses for simulated nodes: honest nodes anywhere in unicast space (a /16 each, nearly always), Sybils
/// packed into the few /16s an attacker rents.
/// </summary>
public static class SimAddresses
{
    public static string Honest(Random random)
    {
        int first;
        do first = 1 + random.Next(223);
        while (first is 10 or 127 or 100 or 169 or 172 or 192 or 198);
        return $"{first}.{random.Next(256)}.{random.Next(256)}.{1 + random.Next(254)}:9735";
    }

    /// <summary>The address of Sybil number <paramref name="index"/> when the attacker holds <paramref name="groups"/> /16s.</summary>
    public static string Sybil(int index, int groups)
    {
        var group = index % groups;
        var host = index / groups;
        return $"{100}.{64 + group % 64}.{host / 254 % 256}.{1 + host % 254}:{9735 + group / 64}";
    }
}
