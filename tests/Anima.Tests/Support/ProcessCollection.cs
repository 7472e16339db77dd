namespace Anima.Tests.Support;

/// <summary>Specs that start brain processes run one class at a time: the machine has two cores.</summary>
[CollectionDefinition("processes", DisableParallelization = true)]
public sealed class ProcessCollection;
