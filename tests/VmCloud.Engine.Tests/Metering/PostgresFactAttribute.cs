using VmCloud.Tests;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace VmCloud.Engine.Tests.Metering;

/// <summary>
/// A fact skipped, with the reason, where PostgreSQL is not installed, when its test class uses it
/// (takes a <see cref="PostgresServerFixture"/>). The ledger contract is written once with it: the
/// file ledger's tests run everywhere, PostgreSQL's where the server exists. xUnit 2 has no skip
/// decided at run time, so the decision is made per concrete class when the test is discovered.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("VmCloud.Engine.Tests.Metering.PostgresFactDiscoverer", "VmCloud.Engine.Tests")]
public sealed class PostgresFactAttribute : FactAttribute;

/// <summary>Makes a <see cref="PostgresTestCase"/> of each <see cref="PostgresFactAttribute"/> method.</summary>
public sealed class PostgresFactDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute) =>
        [new PostgresTestCase(diagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod)];
}

/// <summary>A test case skipped when its class needs PostgreSQL and the machine has none.</summary>
public sealed class PostgresTestCase : XunitTestCase
{
    /// <summary>For xUnit's deserialization only.</summary>
    [Obsolete("Called by the de-serializer only")]
    public PostgresTestCase()
    {
    }

    public PostgresTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay display, TestMethodDisplayOptions options, ITestMethod testMethod)
        : base(diagnosticMessageSink, display, options, testMethod)
    {
    }

    protected override string GetSkipReason(IAttributeInfo factAttribute) =>
        base.GetSkipReason(factAttribute) ?? (NeedsPostgres(TestMethod.TestClass.Class.ToRuntimeType()) ? PostgresServer.Unavailable : null)!;

    private static bool NeedsPostgres(Type testClass) => testClass.GetInterfaces().Contains(typeof(IClassFixture<PostgresServerFixture>));
}
