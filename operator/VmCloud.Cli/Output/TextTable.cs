using System.Text;

namespace VmCloud.Cli.Output;

/// <summary>
/// A borderless table like kubectl's: left-aligned columns three spaces apart, no trailing spaces.
/// Plain text rather than a Spectre table, so that <c>grep</c>, <c>awk</c> and scripts written for
/// kubectl read it unchanged.
/// </summary>
internal static class TextTable
{
    /// <summary>The table as lines, each prefixed with <paramref name="indent"/>.</summary>
    public static string Render(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string indent = "")
    {
        List<IReadOnlyList<string>> lines = [headers, .. rows];
        var widths = headers.Select((_, column) => lines.Max(line => column < line.Count ? line[column].Length : 0)).ToArray();
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            var row = new StringBuilder(indent);
            for (var column = 0; column < headers.Count; column++)
            {
                var cell = column < line.Count ? line[column] : "";
                row.Append(column == headers.Count - 1 ? cell : cell.PadRight(widths[column] + 3));
            }
            text.Append(row.ToString().TrimEnd()).Append('\n');
        }
        return text.ToString();
    }
}
