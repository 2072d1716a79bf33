using ScottPlot;

namespace GigGossip.Simulation.Reports;

/// <summary>The report's PNG plots (ScottPlot): lines of a measure against a swept value, bars per request.</summary>
public static class Plots
{
    public const int Width = 800;
    public const int Height = 450;

    /// <summary>One line per series, y against x; saved as PNG at <paramref name="path"/>.</summary>
    public static void Lines(string path, string title, string xLabel, string yLabel, IReadOnlyDictionary<string, IReadOnlyList<(double X, double Y)>> series)
    {
        var plot = new Plot();
        foreach (var (name, points) in series)
        {
            var scatter = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
            scatter.LegendText = name;
            scatter.MarkerSize = 7;
            scatter.LineWidth = 2;
        }
        Label(plot, title, xLabel, yLabel);
        if (series.Count > 1) plot.ShowLegend(Alignment.LowerLeft);
        plot.SavePng(path, Width, Height);
    }

    /// <summary>One bar per item, for a single run's requests.</summary>
    public static void Bars(string path, string title, string xLabel, string yLabel, IReadOnlyList<double> values)
    {
        var plot = new Plot();
        plot.Add.Bars(values.ToArray());
        Label(plot, title, xLabel, yLabel);
        plot.Axes.Margins(bottom: 0);
        plot.SavePng(path, Width, Height);
    }

    private static void Label(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
    }
}
