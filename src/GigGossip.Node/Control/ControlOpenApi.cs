using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using GigGossip.Node.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace GigGossip.Node.Control;

/// <summary>
/// The control API's OpenAPI document at <c>GET /openapi/v1.json</c> (bearer token as for every control call): each
/// endpoint with its body, query parameters, answer and refusals (<see cref="ErrorView"/>); fields a body must have are
/// required, fields an answer always fills are required, and states are listed as the strings the API sends.
/// </summary>
internal static class ControlOpenApi
{
    public const string DocumentPath = "/openapi/v1.json";

    private const string Json = "application/json";

    /// <summary>Fields a request body must carry (they are nullable in C# only so that a missing one gets a one-line error).</summary>
    private static readonly Dictionary<Type, string[]> RequiredInBody = new()
    {
        [typeof(TaxiRequestBody)] = ["from", "to", "pickupInSeconds"],
        [typeof(WorkBody)] = ["area"],
        [typeof(PickupBody)] = ["code"],
        [typeof(StatementBody)] = ["statement"],
    };

    /// <summary>String fields that hold one of a fixed set of values.</summary>
    private static readonly Dictionary<(Type, string), IReadOnlyList<string>> Enums = new()
    {
        [(typeof(JobEntry), "state")] = JobStates.All,
        [(typeof(JobEntry), "role")] = JobStates.Roles,
        [(typeof(ReportedView), "outcome")] = [nameof(Protocol.Engine.JobOutcome.Done), nameof(Protocol.Engine.JobOutcome.Disputed)],
    };

    public static void AddTo(IServiceCollection services) => services.AddOpenApi(options =>
    {
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new OpenApiInfo
            {
                Title = "Gig-gossip node control API",
                Version = "v1",
                Description = "The node's local API on 127.0.0.1. Every call carries 'Authorization: Bearer TOKEN' (the node's control token file). Amounts are msat integers; refusals are {\"error\": \"one line\"}.",
            };
            return Task.CompletedTask;
        });
        options.AddSchemaTransformer((schema, context, _) =>
        {
            if (context.JsonPropertyInfo is { } property && property.DeclaringType is { } owner && Enums.TryGetValue((owner, property.Name), out var values))
                schema.Enum = [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
            else if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Type.Namespace?.StartsWith("GigGossip.Node", StringComparison.Ordinal) == true)
                MarkRequired(schema, context.JsonTypeInfo);
            return Task.CompletedTask;
        });
        options.AddOperationTransformer((operation, context, _) =>
        {
            operation.Tags = new HashSet<OpenApiTagReference> { new("control") };
            AddPathParameters(operation, context.Description.RelativePath ?? "");
            return Task.CompletedTask;
        });
    });

    /// <summary>The route's {names}: required strings in the path (the handlers read them from the route, not from parameters).</summary>
    private static void AddPathParameters(OpenApiOperation operation, string route)
    {
        foreach (var segment in route.Split('/').Where(s => s.StartsWith('{') && s.EndsWith('}')))
        {
            var name = segment[1..^1];
            operation.Parameters ??= [];
            if (operation.Parameters.Any(p => p.Name == name && p.In == ParameterLocation.Path)) continue;
            operation.Parameters.Insert(0, new OpenApiParameter { Name = name, In = ParameterLocation.Path, Required = true, Schema = Text() });
        }
    }

    /// <summary>The answer of <typeparamref name="T"/> with <paramref name="status"/>, and the refusals every call can get.</summary>
    public static RouteHandlerBuilder Describe<T>(RouteHandlerBuilder builder, int status) =>
        builder.Produces<T>(status, Json).Errors(StatusCodes.Status401Unauthorized, StatusCodes.Status503ServiceUnavailable);

    /// <summary>
    /// A JSON body of <typeparamref name="TBody"/> (a bad one is a 400, a too large one a 413). Described in the document
    /// only: accepts-metadata would make routing match on the content type, and a body-less dispute has none.
    /// </summary>
    public static RouteHandlerBuilder Body<TBody>(this RouteHandlerBuilder builder, bool required) =>
        builder.Errors(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge).AddOpenApiOperationTransformer(async (operation, context, cancellationToken) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(TBody), null, cancellationToken).ConfigureAwait(false);
            IOpenApiSchema body = schema;
            if (context.Document is { } document)
            {
                document.AddComponent(typeof(TBody).Name, schema);
                body = new OpenApiSchemaReference(typeof(TBody).Name, document);
            }
            operation.RequestBody = new OpenApiRequestBody { Required = required, Content = new Dictionary<string, OpenApiMediaType> { [Json] = new() { Schema = body } } };
        });

    /// <summary>An optional query parameter (a bad value is a 400).</summary>
    public static RouteHandlerBuilder Query(this RouteHandlerBuilder builder, string name, string description, Func<OpenApiSchema> schema) =>
        builder.Errors(StatusCodes.Status400BadRequest).AddOpenApiOperationTransformer((operation, _, _) =>
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter { Name = name, In = ParameterLocation.Query, Required = false, Description = description, Schema = schema() });
            return Task.CompletedTask;
        });

    /// <summary>Refusals, each a <see cref="ErrorView"/>.</summary>
    public static RouteHandlerBuilder Errors(this RouteHandlerBuilder builder, params int[] statuses)
    {
        foreach (var status in statuses) builder.Produces<ErrorView>(status, Json);
        return builder;
    }

    public static OpenApiSchema Text() => new() { Type = JsonSchemaType.String };

    public static Func<OpenApiSchema> Whole(long min, long max) => () => new()
    {
        Type = JsonSchemaType.Integer,
        Format = "int64",
        Minimum = min.ToString(CultureInfo.InvariantCulture),
        Maximum = max.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Required: exactly a body's listed fields, not null (the rest may be left out); for an answer, also every field whose
    /// C# type cannot be null (the API always fills it). A work body needs one price: priceMsat or priceSats.
    /// </summary>
    private static void MarkRequired(OpenApiSchema schema, System.Text.Json.Serialization.Metadata.JsonTypeInfo type)
    {
        if (schema.Properties is null || schema.Properties.Count == 0) return;
        if (RequiredInBody.TryGetValue(type.Type, out var listed))
        {
            schema.Required = new HashSet<string>(listed);
            foreach (var name in listed)
                if (schema.Properties.TryGetValue(name, out var field) && field is OpenApiSchema value && value.Type is { } kinds) value.Type = kinds & ~JsonSchemaType.Null;
            if (type.Type == typeof(WorkBody))
                schema.OneOf = [new OpenApiSchema { Required = new HashSet<string> { "priceMsat" } }, new OpenApiSchema { Required = new HashSet<string> { "priceSats" } }];
            return;
        }
        var nullability = new NullabilityInfoContext();
        schema.Required ??= new HashSet<string>();
        foreach (var property in type.Properties.Where(p => p.AttributeProvider is PropertyInfo info && nullability.Create(info).ReadState == NullabilityState.NotNull))
            if (schema.Properties.ContainsKey(property.Name)) schema.Required.Add(property.Name);
    }
}
