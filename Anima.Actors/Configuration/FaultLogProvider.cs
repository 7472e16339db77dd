using Akka.Actor;

namespace Anima.Actors.Configuration;

public sealed class FaultLogProvider : ExtensionIdProvider<FaultLog>
{
    public override FaultLog CreateExtension(ExtendedActorSystem system) => new();
}
