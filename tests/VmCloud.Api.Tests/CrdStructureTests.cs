using VmCloud.Api.Crds;
using YamlDotNet.RepresentationModel;
using static VmCloud.Api.Tests.CrdYaml;

namespace VmCloud.Api.Tests;

/// <summary>What every generated CRD must have, checked on the YAML parsed back.</summary>
public sealed class CrdStructureTests
{
    public static TheoryData<string> AllKinds => new(Kinds.All.Select(k => k.Kind));

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Crd_HasNamesGroupAndOneServedStorageVersion(string kind)
    {
        var info = Kinds.Find(kind)!;
        var crd = Load(kind);

        Assert.Equal("apiextensions.k8s.io/v1", Text(crd, "apiVersion"));
        Assert.Equal("CustomResourceDefinition", Text(crd, "kind"));
        Assert.Equal($"{info.Plural}.vmcloud.io", Text(Map(crd, "metadata"), "name"));
        Assert.Equal("vmcloud.io", Text(Map(crd, "spec"), "group"));
        var names = Map(crd, "spec", "names");
        Assert.Equal(kind, Text(names, "kind"));
        Assert.Equal(kind + "List", Text(names, "listKind"));
        Assert.Equal(info.Plural, Text(names, "plural"));
        Assert.Equal(kind.ToLowerInvariant(), Text(names, "singular"));
        var version = Version(crd);
        Assert.Equal("v1alpha1", Text(version, "name"));
        Assert.Equal("true", Text(version, "served"));
        Assert.Equal("true", Text(version, "storage"));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Crd_HasStatusSubresource_VmcloudCategory_AndShortNamesOfTheAttribute(string kind)
    {
        var crd = Load(kind);

        Assert.Empty(Map(Version(crd), "subresources", "status").Children);
        Assert.Equal([CrdBuilder.Category], Texts(Seq(crd, "spec", "names", "categories")));
        Assert.Equal(Kinds.Find(kind)!.ShortNames, Texts(Seq(crd, "spec", "names", "shortNames")));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Crd_Schema_IsStructural_EveryNodeHasAType(string kind)
    {
        var untyped = Walk(OpenApiSchema(Load(kind))).Where(n => string.IsNullOrEmpty(Text(n.Node, "type"))).Select(n => n.Path);

        Assert.Empty(untyped);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Crd_EveryPropertyAtEveryDepth_HasADescription(string kind)
    {
        var schema = OpenApiSchema(Load(kind));
        // metadata is the API server's: the CRD may only say it is an object.
        var undescribed = Properties(schema)
            .Where(p => p.Path != ".metadata" && string.IsNullOrWhiteSpace(Text(p.Node, "description")))
            .Select(p => p.Path);

        Assert.NotEmpty(Text(schema, "description")!);
        Assert.Empty(undescribed);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Crd_Metadata_IsJustAnObject(string kind)
    {
        var metadata = Property(Load(kind), "metadata");

        Assert.Equal("object", Text(metadata, "type"));
        Assert.Single(metadata.Children);
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Crd_RequiresSpec_AndEveryRequiredNameIsAProperty(string kind)
    {
        var schema = OpenApiSchema(Load(kind));

        Assert.Equal(["spec"], Texts(Seq(schema, "required")));
        foreach (var (path, node) in Walk(schema).Where(n => Text(n.Node, "type") == "object"))
        {
            if (!Has(node, "required")) continue;
            var declared = Map(node, "properties").Children.Keys.Select(k => k.ToString());
            Assert.All(Texts(Seq(node, "required")), name => Assert.Contains(name, declared));
        }
    }

    [Theory]
    [InlineData("VirtualServer")]
    [InlineData("GpuInstance")]
    public void Crd_PrinterColumns_ShowPlanDatacenterNodePhaseReadyAge_InOrder(string kind)
    {
        var columns = Seq(Version(Load(kind)), "additionalPrinterColumns").Children.Cast<YamlMappingNode>().ToList();
        var names = columns.Select(c => Text(c, "name")).ToList();

        string[] wanted = ["PLAN", "DATACENTER", "NODE", "PHASE", "READY", "AGE"];
        Assert.Equal(wanted, names.Where(n => wanted.Contains(n)));
        var age = columns.Single(c => Text(c, "name") == "AGE");
        Assert.Equal("date", Text(age, "type"));
        Assert.Equal(".metadata.creationTimestamp", Text(age, "jsonPath"));
        Assert.Equal(".status.conditions[?(@.type==\"Ready\")].status", Text(columns.Single(c => Text(c, "name") == "READY"), "jsonPath"));
        Assert.Equal("1", Text(columns.Single(c => Text(c, "name") == "IMAGE"), "priority"));
        Assert.Null(Text(columns.Single(c => Text(c, "name") == "PLAN"), "priority"));
    }

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void Crd_PrinterColumns_AreThoseOfTheAttributes(string kind)
    {
        var attributes = Kinds.Find(kind)!.Type
            .GetCustomAttributes(typeof(PrinterColumnAttribute), inherit: false).Cast<PrinterColumnAttribute>()
            .Select(a => (a.Name, a.Type, a.JsonPath));
        var columns = Seq(Version(Load(kind)), "additionalPrinterColumns").Children
            .Cast<YamlMappingNode>()
            .Select(c => (Text(c, "name")!, Text(c, "type")!, Text(c, "jsonPath")!));

        Assert.Equal(attributes, columns);
    }
}
