using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace GigGossip.Cli;

/// <summary>
/// Command-line errors in words: numeric options say "--nodes: 'x' is not a whole number" instead of the parser's
/// "as expected type 'System.Int32'", and <see cref="GigGossipCommand.InvokeAsync"/> prints the first error as one line
/// (exit 2) instead of the error and the whole help.
/// </summary>
internal static class ParseErrors
{
    public static void Install(Command command)
    {
        foreach (var option in command.Options)
        {
            switch (option)
            {
                case Option<int> o: o.CustomParser = r => Parse(r, o.Name, "a whole number", t => int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (int?)null) ?? 0; break;
                case Option<int?> o: o.CustomParser = r => Parse(r, o.Name, "a whole number", t => int.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (int?)null); break;
                case Option<long> o: o.CustomParser = r => Parse(r, o.Name, "a whole number", t => long.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : (long?)null) ?? 0; break;
                case Option<double> o: o.CustomParser = r => Parse(r, o.Name, "a number", t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : (double?)null) ?? 0; break;
            }
        }
        foreach (var sub in command.Subcommands) Install(sub);
    }

    private static T? Parse<T>(ArgumentResult result, string name, string what, Func<string, T?> parse) where T : struct
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
        if (parse(text) is { } value) return value;
        result.AddError($"{name}: '{text}' is not {what}");
        return null;
    }
}
