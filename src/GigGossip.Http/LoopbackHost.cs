using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GigGossip.Http;

/// <summary>Builds the services' Kestrel hosts: one address (loopback by default, port 0 for any free port), small bodies, our logging.</summary>
public static class LoopbackHost
{
    public static WebApplicationBuilder CreateBuilder(IPAddress address, int port, Action<ILoggingBuilder>? logging)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, port);
            kestrel.Limits.MaxRequestBodySize = HttpInput.MaxBodyBytes;
            kestrel.AddServerHeader = false;
        });
        // Minimal APIs and the OpenAPI documents use the services' JSON: enums are names, as the endpoints accept them.
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(allowIntegerValues: false));
            json.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        builder.Logging.ClearProviders();
        if (logging is null)
        {
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
            builder.Logging.SetMinimumLevel(LogLevel.Information);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        }
        else logging(builder.Logging);
        return builder;
    }

    /// <summary>The address a started host listens on, e.g. http://127.0.0.1:45123/.</summary>
    public static Uri BoundAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First().TrimEnd('/') + "/");
    }
}
