using GigGossip.Protocol.Engine;
using GigGossip.Settler.Client;

namespace GigGossip.Crash.Tests.ScaleOut;

/// <summary>
/// A load balancer in front of several settler instances, as a client library: each call goes to the next instance;
/// one that cannot be reached (killed) is passed over and the call is made, freshly built, at the next.
/// </summary>
internal sealed class RoundRobinSettler(IReadOnlyList<SettlerHttpClient> instances, IReadOnlyList<SettlerAdminClient> admins)
{
    private int _next;
    private int _failovers;

    /// <summary>Calls that an unreachable instance did not answer and another one did.</summary>
    public int Failovers => Volatile.Read(ref _failovers);

    public Task<SettlerResponse> CallAsync(Func<SettlerRequest> request) =>
        OnAnyAsync(instances, client => client.CallAsync(request(), TestContext.Current.CancellationToken));

    public Task<T> OnAnyAsync<T>(Func<SettlerHttpClient, Task<T>> call) => OnAnyAsync(instances, call);

    public Task<T> AdminAsync<T>(Func<SettlerAdminClient, Task<T>> call) => OnAnyAsync(admins, call);

    private async Task<T> OnAnyAsync<TClient, T>(IReadOnlyList<TClient> clients, Func<TClient, Task<T>> call)
    {
        var start = Interlocked.Increment(ref _next);
        SettlerUnreachableException? last = null;
        for (var i = 0; i < clients.Count; i++)
        {
            try
            {
                return await call(clients[(start + i) % clients.Count]);
            }
            catch (SettlerUnreachableException e)
            {
                last = e;
                Interlocked.Increment(ref _failovers);
            }
        }
        throw new InvalidOperationException($"no settler instance answered: {last?.Message}", last);
    }
}
