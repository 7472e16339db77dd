using Akka.Actor;

namespace Anima.Persistence.Sqlite;

public sealed class SqlitePersistenceProvider : ExtensionIdProvider<SqlitePersistence>
{
    public override SqlitePersistence CreateExtension(ExtendedActorSystem system) => new(system);
}
