using Akka;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using Anima.Persistence.Sqlite.Query;

namespace Anima.Actors.Journal;

/// <summary>
/// Reading the journal into an actor, in batches, with back-pressure: the actor gets <see cref="Started"/>,
/// then batches of events, each answered with <see cref="Ack"/> when it is ready for more, then
/// <see cref="Completed"/> or <see cref="Failed"/>.
/// </summary>
public static class JournalStream
{
    public static SqliteReadJournal ReadJournal(ActorSystem system) =>
        PersistenceQuery.Get(system).ReadJournalFor<SqliteReadJournal>(SqliteReadJournal.Identifier);

    public static void RunInto(Source<EventEnvelope, NotUsed> events, int batchSize, IActorRef actor, IMaterializer materializer) =>
        events
            .Grouped(batchSize)
            .Select(batch => (IReadOnlyList<EventEnvelope>)batch.ToList())
            .RunWith(
                Sink.ActorRefWithAck<IReadOnlyList<EventEnvelope>>(actor, Started.Instance, Ack.Instance, Completed.Instance, ex => new Failed(ex)),
                materializer);

    public sealed class Started
    {
        public static readonly Started Instance = new();
    }

    public sealed class Ack
    {
        public static readonly Ack Instance = new();
    }

    public sealed class Completed
    {
        public static readonly Completed Instance = new();
    }

    public sealed record Failed(Exception Cause);
}
