using System.Net.Http.Json;
using System.Text.Json;
using GigGossip.Payments;
using GigGossip.Http;

namespace GigGossip.Wallet.Client;

/// <summary>Turns transport failures and the service's problem answers into <see cref="WalletException"/>s.</summary>
internal static class WalletHttpErrors
{
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        try
        {
            using (request) return await http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new WalletException(WalletError.Unreachable, $"cannot reach the wallet at {request.RequestUri?.GetLeftPart(UriPartial.Authority)}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WalletException(WalletError.Unreachable, $"the wallet at {request.RequestUri?.GetLeftPart(UriPartial.Authority)} did not answer in time", e);
        }
    }

    public static async Task ThrowIfRefusedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode) return;
        Problem? problem = null;
        try
        {
            problem = await response.Content.ReadFromJsonAsync<Problem>(ServiceJson.Options, cancellationToken);
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or NotSupportedException)
        {
        }
        var status = (int)response.StatusCode;
        var error = problem is not null && Enum.TryParse<WalletError>(problem.Error, out var known) ? known : status switch
        {
            401 or 403 => WalletError.Unauthorized,
            400 => WalletError.InvalidArgument,
            404 => WalletError.UnknownInvoice,
            _ => WalletError.Unreachable,
        };
        throw new WalletException(error, problem?.Message ?? $"the wallet answered {status} {response.ReasonPhrase}");
    }

    public static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(ServiceJson.Options, cancellationToken)
                ?? throw new WalletException(WalletError.Unreachable, "the wallet answered null");
        }
        catch (Exception e) when (e is JsonException or HttpRequestException or NotSupportedException)
        {
            throw new WalletException(WalletError.Unreachable, $"the wallet's answer is not the expected JSON: {HttpInput.OneLine(e.Message)}", e);
        }
    }
}
