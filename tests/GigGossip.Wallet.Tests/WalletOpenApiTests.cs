using System.Text.Json;
using GigGossip.Wallet.Tests.Support;

namespace GigGossip.Wallet.Tests;

/// <summary>The wallet publishes an OpenAPI document of what its endpoints accept, enums as the strings they are.</summary>
public sealed class WalletOpenApiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenApi_document_lists_the_account_api_with_string_enums()
    {
        await using var world = await HttpWorld.StartAsync();
        using var http = new RawHttp(world.Server.BaseUri);

        var response = await http.SendAsync(HttpMethod.Get, "openapi/v1.json");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));

        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/v1/auth/challenge", "/v1/auth/session", "/v1/balance", "/v1/invoices", "/v1/invoices/{paymentHash}/settle", "/v1/payments", "/v1/watches" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the document");
        var payRequest = OpenApiAssert.Operation(document.RootElement, "post", "/v1/payments").GetProperty("requestBody").ToString();
        Assert.Contains("PayRequest", payRequest);
        Assert.True(OpenApiAssert.EnumsAreStrings(document.RootElement) > 0);
    }
}
