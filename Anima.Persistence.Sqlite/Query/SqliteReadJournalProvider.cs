using Akka.Actor;
using Akka.Configuration;
using Akka.Persistence.Query;

namespace Anima.Persistence.Sqlite.Query;

/// <summary>Akka.Persistence.Query's way in: named by the <c>class</c> of <c>akka.persistence.query.journal.anima-sqlite</c>.</summary>
public sealed class SqliteReadJournalProvider(ExtendedActorSystem system, Config config) : IReadJournalProvider
{
    public IReadJournal GetReadJournal() => new SqliteReadJournal(system, config);
}
