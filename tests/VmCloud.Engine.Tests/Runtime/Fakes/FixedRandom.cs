namespace VmCloud.Engine.Tests.Runtime.Fakes;

/// <summary>A "random" source that always draws the same value, so jittered delays are exact.</summary>
internal sealed class FixedRandom(double value) : Random
{
    public override double NextDouble() => value;
}
