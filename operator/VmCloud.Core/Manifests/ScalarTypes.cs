using System.Globalization;
using System.Text.RegularExpressions;

namespace VmCloud.Core.Manifests;

/// <summary>
/// The YAML 1.2 core schema: how a plain scalar is typed. Quoted scalars and <c>!!str</c> are always
/// strings, which is how a user makes <c>"22.04"</c> or <c>"true"</c> a string.
/// </summary>
internal static partial class ScalarTypes
{
    /// <summary>
    /// string, integer, float, boolean or null. An explicit tag (<c>!!int</c>, <c>!!bool</c>) only
    /// confirms a value of that form: <c>!!bool yes</c> is the string "yes", never a silent false.
    /// </summary>
    public static string Of(YamlScalar scalar)
    {
        var implicitType = scalar.Value switch
        {
            "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => "boolean",
            var v when IntegerPattern().IsMatch(v) => "integer",
            var v when FloatPattern().IsMatch(v) => "float",
            _ => "string",
        };
        return scalar.Tag switch
        {
            "tag:yaml.org,2002:str" => "string",
            "tag:yaml.org,2002:int" => implicitType == "integer" ? "integer" : "string",
            "tag:yaml.org,2002:float" => implicitType is "integer" or "float" ? "float" : "string",
            "tag:yaml.org,2002:bool" => implicitType == "boolean" ? "boolean" : "string",
            _ when !scalar.Plain => "string",
            _ when scalar.IsNull => "null",
            _ => implicitType,
        };
    }

    /// <summary>The value of an integer scalar (decimal, 0x hex or 0o octal), or null when out of range.</summary>
    public static double? Integer(string text)
    {
        var (negative, digits) = text.StartsWith('-') ? (true, text[1..]) : (false, text.TrimStart('+'));
        long? value = digits switch
        {
            // Parsed unsigned: a signed hex parse reads 0xFFFFFFFFFFFFFFFF as -1.
            _ when digits.StartsWith("0x", StringComparison.Ordinal) =>
                ulong.TryParse(digits[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) && h <= long.MaxValue ? (long)h : null,
            _ when digits.StartsWith("0o", StringComparison.Ordinal) => Octal(digits[2..]),
            _ => long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null,
        };
        return value is { } v ? (negative ? -v : v) : null;
    }

    /// <summary>The value of a float scalar.</summary>
    public static double? Float(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null;

    private static long? Octal(string digits)
    {
        try
        {
            return Convert.ToInt64(digits, 8);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[-+]?([0-9]+|0x[0-9a-fA-F]+|0o[0-7]+)$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$")]
    private static partial Regex FloatPattern();
}
