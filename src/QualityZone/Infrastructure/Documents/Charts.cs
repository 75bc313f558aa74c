using ScottPlot;

namespace QualityZone.Infrastructure.Documents;

/// <summary>A chart drawn on the server as a PNG, for Word and PDF documents that cannot run ECharts.</summary>
public sealed record ChartImage(byte[] Png, int Width, int Height);

/// <summary>
/// Charts for generated documents, drawn with ScottPlot (MIT) on SkiaSharp in the documents'
/// Chinese font: ranked horizontal bars (markets, HS headings) and monthly series.
/// </summary>
public sealed class Charts(DocumentFonts fonts)
{
    private const int Width = 1000, Height = 520;
    private const string Family = "QualityZone CJK";
    private static readonly Lock Registration = new();
    private static string? registered;

    /// <summary>Whether a chart can be drawn: its labels are Chinese, and without a CJK font they would come out as boxes.</summary>
    public bool Available => fonts.Available;

    /// <summary>Horizontal bars, largest on top.</summary>
    public ChartImage RankedBars(string title, string unit, IReadOnlyList<(string Label, double Value)> bars)
    {
        var plot = NewPlot(title);
        var ordered = bars.Reverse().ToList();
        var series = plot.Add.Bars(ordered.Select(b => b.Value).ToArray());
        series.Horizontal = true;
        series.Color = Colors.SteelBlue;
        foreach (var bar in series.Bars) bar.LineWidth = 0;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ordered.Select((b, i) => new Tick(i, b.Label)).ToArray());
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Bottom.Label.Text = unit;
        plot.Axes.Margins(left: 0);
        return Render(plot);
    }

    /// <summary>One or more series over the same labels (months), as lines with markers.</summary>
    public ChartImage Lines(string title, string unit, IReadOnlyList<string> labels, IReadOnlyList<(string Name, double[] Values)> series)
    {
        var plot = NewPlot(title);
        var palette = new[] { Colors.SteelBlue, Colors.OrangeRed, Colors.SeaGreen, Colors.DarkOrange };
        var xs = Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray();
        for (var i = 0; i < series.Count; i++)
        {
            var line = plot.Add.Scatter(xs, series[i].Values, palette[i % palette.Length]);
            line.LegendText = series[i].Name;
            line.LineWidth = 2;
            line.MarkerSize = 6;
        }
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(labels.Select((l, i) => new Tick(i, l)).ToArray());
        plot.Axes.Left.Label.Text = unit;
        if (series.Count > 1) plot.ShowLegend(Alignment.UpperLeft);
        else plot.HideLegend();
        return Render(plot);
    }

    private Plot NewPlot(string title)
    {
        lock (Registration)
        {
            // ScottPlot's font registry is process-wide; the file is registered once.
            if (registered != fonts.FontFile)
            {
                Fonts.AddFontFile(Family, fonts.FontFile);
                registered = fonts.FontFile;
            }
        }
        var plot = new Plot();
        plot.Font.Set(Family);
        plot.Title(title);
        plot.Axes.Title.Label.FontSize = 22;
        // Drawn at 1000 px and shown about 16 cm wide: labels at ScottPlot's 12 px would print at 5 pt.
        foreach (var axis in new ScottPlot.IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickLabelStyle.FontSize = 16;
            axis.Label.FontSize = 16;
        }
        plot.Legend.FontSize = 16;
        return plot;
    }

    private static ChartImage Render(Plot plot) => new(plot.GetImageBytes(Width, Height, ImageFormat.Png), Width, Height);
}
