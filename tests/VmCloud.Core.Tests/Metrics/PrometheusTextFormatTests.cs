using VmCloud.Core.Metrics;

namespace VmCloud.Core.Tests.Metrics;

public sealed class PrometheusTextFormatTests
{
    [Theory]
    [InlineData(0d, "0")]
    [InlineData(1d, "1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.1, "0.1")]
    [InlineData(1d / 3, "0.3333333333333333")]
    [InlineData(1e-7, "1E-07")]
    [InlineData(1e21, "1E+21")]
    [InlineData(123456789012d, "123456789012")]
    [InlineData(double.MaxValue, "1.7976931348623157E+308")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void FormatValue_WritesTheShortestRoundTrip_AndPrometheusSpecialValues(double value, string expected)
    {
        var text = PrometheusTextFormat.FormatValue(value);

        Assert.Equal(expected, text);
        if (double.IsFinite(value))
            Assert.Equal(value, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Write_EscapesHelp_AndLabelValues()
    {
        var family = MetricFamily.Gauge("vmcloud_test", "Back\\slash and\nnewline, \"quotes\" kept.",
            [new Sample([new Label("path", "C:\\dir\n\"x\"")], 1)]);

        var text = PrometheusTextFormat.Render([family]);

        Assert.Equal(
            "# HELP vmcloud_test Back\\\\slash and\\nnewline, \"quotes\" kept.\n"
            + "# TYPE vmcloud_test gauge\n"
            + "vmcloud_test{path=\"C:\\\\dir\\n\\\"x\\\"\"} 1\n",
            text);
    }

    [Fact]
    public void Write_WritesHistogramBucketsCumulatively_EndingInInf_ThenSumAndCount()
    {
        var family = MetricFamily.Histogram("vmcloud_reconcile_duration_seconds", "Time spent in one reconcile.",
            [new HistogramSample([new Label("kind", "VirtualServer")], [0.1, 1, 2.5], [3, 0, 2, 1], 7.25)]);

        var text = PrometheusTextFormat.Render([family]);

        Assert.Equal(
            """
            # HELP vmcloud_reconcile_duration_seconds Time spent in one reconcile.
            # TYPE vmcloud_reconcile_duration_seconds histogram
            vmcloud_reconcile_duration_seconds_bucket{kind="VirtualServer",le="0.1"} 3
            vmcloud_reconcile_duration_seconds_bucket{kind="VirtualServer",le="1"} 3
            vmcloud_reconcile_duration_seconds_bucket{kind="VirtualServer",le="2.5"} 5
            vmcloud_reconcile_duration_seconds_bucket{kind="VirtualServer",le="+Inf"} 6
            vmcloud_reconcile_duration_seconds_sum{kind="VirtualServer"} 7.25
            vmcloud_reconcile_duration_seconds_count{kind="VirtualServer"} 6

            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Write_OrdersFamiliesByName_AndKeepsTheSeriesOrder()
    {
        var families = new[]
        {
            MetricFamily.Gauge("b_gauge_value", "B.", [new Sample([new Label("x", "2")], 2), new Sample([new Label("x", "1")], 1)]),
            MetricFamily.Counter("a_events_total", "A.", [new Sample([], 5)]),
        };

        var text = PrometheusTextFormat.Render(families);

        Assert.Equal(
            "# HELP a_events_total A.\n# TYPE a_events_total counter\na_events_total 5\n"
            + "# HELP b_gauge_value B.\n# TYPE b_gauge_value gauge\nb_gauge_value{x=\"2\"} 2\nb_gauge_value{x=\"1\"} 1\n",
            text);
    }

    [Fact]
    public void Write_RefusesTwoFamiliesOfOneName()
    {
        var family = MetricFamily.Gauge("vmcloud_twice", "Twice.", []);

        var error = Assert.Throws<InvalidOperationException>(() => PrometheusTextFormat.Render([family, family]));

        Assert.Contains("vmcloud_twice", error.Message);
    }

    public static TheoryData<string, Func<MetricFamily>> InvalidFamilies => new()
    {
        { "not a metric name", () => MetricFamily.Gauge("vmcloud.dotted", "H.", []) },
        { "not a metric name", () => MetricFamily.Gauge("1st", "H.", []) },
        { "not a label name", () => MetricFamily.Gauge("g", "H.", [new Sample([new Label("a-b", "")], 1)]) },
        { "not a label name", () => MetricFamily.Gauge("g", "H.", [new Sample([new Label("__name__", "")], 1)]) },
        { "appears twice in one series", () => MetricFamily.Gauge("g", "H.", [new Sample([new Label("a", "1"), new Label("a", "2")], 1)]) },
        { "two series have the same labels", () => MetricFamily.Gauge("g", "H.", [new Sample([new Label("a", "1"), new Label("b", "2")], 1), new Sample([new Label("b", "2"), new Label("a", "1")], 2)]) },
        { "negative value", () => MetricFamily.Counter("c_total", "H.", [new Sample([], -1)]) },
        { "\"le\"", () => MetricFamily.Histogram("h", "H.", [new HistogramSample([new Label("le", "1")], [1], [0, 0], 0)]) },
        { "need 3 bucket counts", () => MetricFamily.Histogram("h", "H.", [new HistogramSample([], [1, 2], [0, 0], 0)]) },
        { "strictly increasing", () => MetricFamily.Histogram("h", "H.", [new HistogramSample([], [2, 1], [0, 0, 0], 0)]) },
        { "strictly increasing", () => MetricFamily.Histogram("h", "H.", [new HistogramSample([], [1, double.PositiveInfinity], [0, 0, 0], 0)]) },
        { "may not be negative", () => MetricFamily.Histogram("h", "H.", [new HistogramSample([], [1], [0, -1], 0)]) },
    };

    [Theory]
    [MemberData(nameof(InvalidFamilies))]
    public void Factories_RefuseAFamilyThatWouldNotParse(string reason, Func<MetricFamily> build)
    {
        var error = Assert.Throws<ArgumentException>(build);

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void ContentType_IsTextFormat004()
    {
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", PrometheusTextFormat.ContentType);
    }
}
