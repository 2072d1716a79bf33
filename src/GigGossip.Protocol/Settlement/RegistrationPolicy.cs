namespace GigGossip.Protocol.Settlement;

/// <summary>
/// Who gets a certificate (money rule "certificates carry weight"): under <see cref="Open"/> (the demo's default) any key
/// that registers; under <see cref="Approval"/> only a subject the operator approved after its checks (KYC).
/// </summary>
public enum RegistrationPolicy
{
    Open = 0,
    Approval = 1,
}
