using GigGossip.Protocol.Frames;

namespace GigGossip.Protocol.Certificates;

/// <summary>Property names settlers put in certificates, and the checks worker and node policies use.</summary>
public static class CertificateProperties
{
    /// <summary>The subject holds a valid driving licence (a taxi driver's screening).</summary>
    public const string DrivingLicence = "driving_licence";

    /// <summary>The subject's criminal record check came back clean.</summary>
    public const string NoCriminalRecord = "no_criminal_record";

    public static bool HasProperty(this Certificate certificate, string name) => certificate.Properties.ContainsKey(name);

    /// <summary>True when the certificate carries every one of the named properties.</summary>
    public static bool HasProperties(this Certificate certificate, IEnumerable<string> names) => names.All(certificate.HasProperty);
}
