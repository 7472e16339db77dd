using Akka.Actor;
using Akka.Event;
using Anima.Actors.Faults;
using Anima.Persistence.Sqlite;

namespace Anima.Actors.Usage;

public sealed class UsageLedgerProvider : ExtensionIdProvider<UsageLedger>
{
    public override UsageLedger CreateExtension(ExtendedActorSystem system)
    {
        var config = system.Settings.Config;
        var log = Logging.GetLogger(system, typeof(UsageLedger));
        return new UsageLedger(
            config.GetString("anima.db.file", string.Empty) is { Length: > 0 } file ? SqliteDatabase.ConnectionString(file) : null,
            PriceList.Parse(config),
            message => FaultLog.Get(system).Warning(log, "usage", message));
    }
}
