using Akka.Actor;
using Akka.Persistence;
using Akka.Persistence.Journal;

namespace Anima.Persistence.Sqlite.Tests;

/// <summary>A command to persist <see cref="Event"/>; the <see cref="Recorder"/> answers with its sequence number.</summary>
internal sealed record Record(object Event);

/// <summary>A persistent actor that records whatever it is told to, for the journal's specs.</summary>
internal sealed class Recorder : ReceivePersistentActor
{
    private readonly List<object> _events = [];
    private long _fromSnapshot;
    private int _replayed;

    public Recorder(string persistenceId)
    {
        PersistenceId = persistenceId;
        Recover<SnapshotOffer>(offer =>
        {
            _events.AddRange((string[])offer.Snapshot);
            _fromSnapshot = offer.Metadata.SequenceNr;
        });
        Recover<string>(evt =>
        {
            _events.Add(evt);
            _replayed++;
        });
        Command<Record>(record => Persist(record.Event, evt =>
        {
            _events.Add(evt is Tagged tagged ? tagged.Payload : evt);
            Sender.Tell(LastSequenceNr);
        }));
        Command<RecordMany>(many => PersistAll(many.Events, _ =>
        {
            if (LastSequenceNr == many.Events.Length)
            {
                Sender.Tell(LastSequenceNr);
            }
        }));
        Command<GetEvents>(_ => Sender.Tell(new Events(_events.Select(e => e.ToString()!).ToArray(), _fromSnapshot, _replayed)));
        Command<TakeSnapshot>(_ =>
        {
            _snapshotRequester = Sender;
            SaveSnapshot(_events.Select(e => e.ToString()!).ToArray());
        });
        Command<SaveSnapshotSuccess>(success => _snapshotRequester?.Tell(success));
        Command<DeleteUpTo>(delete =>
        {
            _snapshotRequester = Sender;
            DeleteMessages(delete.SequenceNr);
        });
        Command<DeleteMessagesSuccess>(success => _snapshotRequester?.Tell(success));
    }

    private IActorRef? _snapshotRequester;

    public override string PersistenceId { get; }

    public static Props Props(string persistenceId) => Akka.Actor.Props.Create(() => new Recorder(persistenceId));

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        Sender.Tell("rejected: " + cause.Message);

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        Sender.Tell("failed: " + cause.Message);
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    public sealed record RecordMany(object[] Events);

    public sealed record DeleteUpTo(long SequenceNr);

    public sealed record Events(string[] Items, long FromSnapshot, int Replayed);

    public sealed class GetEvents
    {
        public static readonly GetEvents Instance = new();
    }

    public sealed class TakeSnapshot
    {
        public static readonly TakeSnapshot Instance = new();
    }
}
