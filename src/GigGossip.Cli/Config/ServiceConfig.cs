using System.Net;
using Microsoft.Extensions.Configuration;

namespace GigGossip.Cli.Config;

/// <summary>
/// Reads a service's section of a JSON config file, with environment variables over it
/// (GIGGOSSIP_SECTION__KEY, e.g. GIGGOSSIP_SETTLER__PORT=9000). Every problem is a <see cref="ServiceConfigException"/>
/// naming the field; relative paths are taken from the config file's folder.
/// </summary>
internal static class ServiceConfig
{
    public static T Load<T>(string path, string section) where T : class, new()
    {
        if (!File.Exists(path)) throw new ServiceConfigException($"config file {path} does not exist");
        IConfigurationRoot root;
        try
        {
            root = new ConfigurationBuilder()
                .AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false)
                .AddEnvironmentVariables("GIGGOSSIP_")
                .Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            throw new ServiceConfigException($"config file {path} is not valid JSON: {OneLine(e.InnerException?.Message ?? e.Message)}");
        }
        try
        {
            return root.GetSection(section).Get<T>(o => o.ErrorOnUnknownConfiguration = true) ?? new T();
        }
        catch (InvalidOperationException e)
        {
            throw new ServiceConfigException($"config {path}: {OneLine(e.InnerException?.Message is { } inner ? $"{e.Message} ({inner})" : e.Message)}");
        }
    }

    public static string RequiredPath(string? value, string field, string configPath)
    {
        if (string.IsNullOrWhiteSpace(value)) throw new ServiceConfigException($"{field} is required");
        return Path.IsPathRooted(value) ? value : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, value);
    }

    public static IPAddress Address(string? value, string field) =>
        IPAddress.TryParse(value ?? "127.0.0.1", out var address) ? address : throw new ServiceConfigException($"{field} '{value}' is not an IP address");

    public static int Port(int value, string field) =>
        value is >= 0 and <= 65535 ? value : throw new ServiceConfigException($"{field} must be 0-65535, got {value}");

    public static Uri HttpUri(string? value, string field) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ServiceConfigException(value is null ? $"{field} is required" : $"{field} '{value}' is not an http(s) URI");

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
