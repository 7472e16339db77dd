using Akka.Actor;

namespace Anima.Actors.Persistence;

public sealed class SqliteStoreProvider : ExtensionIdProvider<SqliteStore>
{
    public override SqliteStore CreateExtension(ExtendedActorSystem system) => new(system);
}
