using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Certificates;

/// <summary>
/// The certificate properties a replier must carry to take a kind of job (money rule "certificates carry
/// weight"): part of both the sender's and the settler's policy, each checks it on its own. By default a taxi
/// reply needs <see cref="CertificateProperties.DrivingLicence"/>; a delivery needs nothing.
/// </summary>
public sealed class JobRequirements
{
    private readonly Dictionary<Topic.KindOneofCase, string[]> _byKind;

    public JobRequirements(IReadOnlyDictionary<Topic.KindOneofCase, IReadOnlyList<string>> byKind)
    {
        ArgumentNullException.ThrowIfNull(byKind);
        _byKind = byKind.ToDictionary(k => k.Key, k => k.Value.ToArray());
    }

    /// <summary>Taxi replies need a driving licence.</summary>
    public static JobRequirements Default { get; } = new(new Dictionary<Topic.KindOneofCase, IReadOnlyList<string>>
    {
        [Topic.KindOneofCase.Taxi] = [CertificateProperties.DrivingLicence],
    });

    /// <summary>No property needed for any job.</summary>
    public static JobRequirements None { get; } = new(new Dictionary<Topic.KindOneofCase, IReadOnlyList<string>>());

    /// <summary>The properties a reply to <paramref name="topic"/> needs.</summary>
    public IReadOnlyList<string> For(Topic topic) => topic is not null && _byKind.TryGetValue(topic.KindCase, out var names) ? names : [];

    /// <summary>The first property the replier's certificate lacks for this topic, or null when it carries them all.</summary>
    public string? Missing(Certificate replier, Topic topic) => For(topic).FirstOrDefault(name => !replier.HasProperty(name));
}
