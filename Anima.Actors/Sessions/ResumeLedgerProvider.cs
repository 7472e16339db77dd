using Akka.Actor;
using Anima.Persistence.Sqlite;

namespace Anima.Actors.Sessions;

public sealed class ResumeLedgerProvider : ExtensionIdProvider<ResumeLedger>
{
    public override ResumeLedger CreateExtension(ExtendedActorSystem system) =>
        new(system.Settings.Config.GetString("anima.db.file", string.Empty) is { Length: > 0 } file ? SqliteDatabase.ConnectionString(file) : null);
}
