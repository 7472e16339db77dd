using Akka.Actor;

namespace Anima.Actors.Faults;

public sealed class FaultLogProvider : ExtensionIdProvider<FaultLog>
{
    public override FaultLog CreateExtension(ExtendedActorSystem system) => new();
}
