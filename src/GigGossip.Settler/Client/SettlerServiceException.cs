using GigGossip.Http;

namespace GigGossip.Settler.Client;

/// <summary>The settler service refused an operation (a bad proof, an unknown subject, a wrong admin token...).</summary>
public sealed class SettlerServiceException(int status, Problem problem) : Exception(problem.Message)
{
    public int Status { get; } = status;

    public string Error { get; } = problem.Error;
}
