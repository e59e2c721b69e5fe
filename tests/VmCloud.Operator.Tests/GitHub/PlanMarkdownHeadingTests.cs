using VmCloud.Engine.Planning;

namespace VmCloud.Operator.Tests.GitHub;

/// <summary>The plan comment's heading: the title and the commits compared, shortened as GitHub shows them.</summary>
public sealed class PlanMarkdownHeadingTests
{
    private static readonly Plan Empty = new([], [], Fits: true, [], [], []);

    [Fact]
    public void Render_WithAHeading_TitlesThePlan_AndNamesTheBaseAndHeadCommits()
    {
        var markdown = PlanMarkdown.Render(Empty, new PlanHeading("VmCloud plan for main", new string('a', 40), "0123456789abcdef0123456789abcdef01234567"));

        var lines = markdown.Split('\n');
        Assert.Equal("### VmCloud plan for main: ✅ valid, within quotas, fits the fleet", lines[0].TrimEnd());
        Assert.Equal("Base `aaaaaaa` → head `0123456`", lines[2].TrimEnd());
    }

    [Fact]
    public void Render_WithoutAHeading_IsTheCliMarkdown()
    {
        var markdown = PlanMarkdown.Render(Empty);

        Assert.Equal(markdown, PlanMarkdown.Render(Empty, heading: null));
        Assert.StartsWith("### VmCloud plan: ✅ valid", markdown);
        Assert.DoesNotContain("Base `", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_WithOnlyTheHead_NamesTheHead()
    {
        var markdown = PlanMarkdown.Render(Empty, new PlanHeading("Plan", Base: null, Head: "abc"));

        Assert.Contains("Head `abc`", markdown, StringComparison.Ordinal);
    }
}
