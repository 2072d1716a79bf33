using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GigGossip.Http;

/// <summary>
/// Turns exceptions into <see cref="Problem"/> answers: the service's own rules map to 4xx through
/// <paramref name="map"/>, malformed input to 400, and anything unexpected to a one-line 500 (logged, no stack trace sent).
/// </summary>
public static class ProblemMiddleware
{
    public static void UseProblems(this WebApplication app, Func<Exception, (int Status, Problem Problem)?> map)
    {
        var log = app.Logger;
        // What the framework refuses with an empty body (415 wrong content type, 405, an unmatched route, 413) is a problem too.
        app.UseStatusCodePages(pages => pages.HttpContext.Response.HasStarted
            ? Task.CompletedTask
            : WriteAsync(pages.HttpContext, pages.HttpContext.Response.StatusCode, StatusProblem(pages.HttpContext.Response.StatusCode)));
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                var (status, problem) = map(e) ?? e switch
                {
                    HttpProblemException refused => (refused.Status, refused.Problem),
                    BadHttpRequestException { StatusCode: 413 } => (413, StatusProblem(413)),
                    BadHttpRequestException bad => (bad.StatusCode, new Problem("BadRequest", HttpInput.OneLine(bad.Message))),
                    _ => (500, new Problem("Internal", "the service failed to handle the request; see its log")),
                };
                if (status >= 500) log.LogError(e, "{Method} {Path} failed", context.Request.Method, context.Request.Path);
                if (context.Response.HasStarted) return;
                await WriteAsync(context, status, problem);
            }
        });
    }

    private static Problem StatusProblem(int status) => status switch
    {
        404 => new Problem("NotFound", "no such endpoint"),
        405 => new Problem("MethodNotAllowed", "this endpoint does not take that method"),
        413 => new Problem("TooLarge", $"the request body is larger than {HttpInput.MaxBodyBytes} bytes"),
        415 => new Problem("BadRequest", "the request body must be JSON (Content-Type: application/json)"),
        _ => new Problem("Refused", $"the request was refused ({status})"),
    };

    public static async Task WriteAsync(HttpContext context, int status, Problem problem)
    {
        context.Response.Clear();
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await JsonSerializer.SerializeAsync(context.Response.Body, problem, ServiceJson.Options, context.RequestAborted);
    }

    public static IResult Result(int status, string error, string message) =>
        Results.Json(new Problem(error, message), ServiceJson.Options, "application/problem+json", status);
}
