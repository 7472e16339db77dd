using Akka.Actor;
using Akka.Persistence.Query;

namespace Anima.Actors.Persistence;

/// <summary>Akka.Persistence.Query's way in: named by the <c>class</c> of <c>anima.persistence.query</c>.</summary>
public sealed class SqliteReadJournalProvider(ExtendedActorSystem system) : IReadJournalProvider
{
    public IReadJournal GetReadJournal() => new SqliteReadJournal(SqliteStore.Get(system));
}
