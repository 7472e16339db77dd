using Akka.Streams;
using Akka.Streams.Stage;
using Anima.Persistence.Sqlite.Storage;

namespace Anima.Persistence.Sqlite.Query;

/// <summary>
/// A query's events, read from the file a page at a time as they are demanded. It completes as soon as the
/// last item of the last page is emitted, without waiting for demand that will find nothing. A live query
/// that has caught up waits for the writer's next commit (it is in this process), or its refresh interval,
/// whichever comes first: an idle journal is not polled in a loop.
/// </summary>
internal sealed class JournalPages<T> : GraphStage<SourceShape<T>>
{
    private readonly Func<IJournalPageReader<T>> _start;
    private readonly SqliteStore _store;
    private readonly TimeSpan? _refreshInterval;

    /// <param name="start">A new reader for each materialization.</param>
    /// <param name="refreshInterval">Live: how long a caught-up query waits at most before it looks again; null: a current query.</param>
    public JournalPages(string name, Func<IJournalPageReader<T>> start, SqliteStore store, TimeSpan? refreshInterval)
    {
        _start = start;
        _store = store;
        _refreshInterval = refreshInterval;
        Shape = new SourceShape<T>(new Outlet<T>(name + ".out"));
        InitialAttributes = Attributes.CreateName(name);
    }

    public override SourceShape<T> Shape { get; }

    protected override Attributes InitialAttributes { get; }

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : TimerGraphStageLogic
    {
        private const string Refresh = "refresh";

        private readonly JournalPages<T> _stage;
        private readonly Outlet<T> _out;
        private readonly Queue<T> _buffer = new();
        private readonly IJournalPageReader<T> _reader;
        private Action<Task<JournalPage<T>>>? _onPage;
        private Action<int>? _onCommit;
        private Task _nextCommit = Task.CompletedTask;
        private bool _reading;
        private bool _caughtUp;
        private bool _done;
        private int _wait;

        public Logic(JournalPages<T> stage)
            : base(stage.Shape)
        {
            _stage = stage;
            _out = stage.Shape.Outlet;
            _reader = stage._start();
            SetHandler(_out, onPull: Emit);
        }

        public override void PreStart()
        {
            _onPage = GetAsyncCallback<Task<JournalPage<T>>>(Received);
            _onCommit = GetAsyncCallback<int>(wait => WakeUp(wait));
        }

        protected override void OnTimer(object timerKey) => WakeUp(_wait);

        private void Emit()
        {
            if (_buffer.TryDequeue(out var item))
            {
                Push(_out, item);
                if (_buffer.Count == 0 && _done)
                {
                    CompleteStage();
                }

                return;
            }

            if (!_reading && !_caughtUp)
            {
                Read();
            }
        }

        private void Read()
        {
            _reading = true;
            if (_stage._refreshInterval is not null)
            {
                // Taken before the read: a commit the read just misses still wakes the wait that may follow it.
                _nextCommit = _stage._store.Commits.Next();
            }

            _reader.ReadAsync().ContinueWith(_onPage!, TaskContinuationOptions.ExecuteSynchronously);
        }

        private void Received(Task<JournalPage<T>> read)
        {
            _reading = false;
            if (!read.IsCompletedSuccessfully)
            {
                FailStage(read.Exception?.InnerException ?? new TaskCanceledException(read));
                return;
            }

            var page = read.Result;
            foreach (var item in page.Items)
            {
                _buffer.Enqueue(item);
            }

            _done = page.Done || (page.CaughtUp && _stage._refreshInterval is null);
            _caughtUp = page.CaughtUp && !_done;
            if (_caughtUp)
            {
                WaitForCommit();
            }

            if (_buffer.Count == 0 && _done)
            {
                CompleteStage();
            }
            else if (IsAvailable(_out))
            {
                Emit();
            }
        }

        private void WaitForCommit()
        {
            var wait = ++_wait;
            var onCommit = _onCommit!;
            _nextCommit.ContinueWith(_ => onCommit(wait), TaskContinuationOptions.ExecuteSynchronously);
            ScheduleOnce(Refresh, _stage._refreshInterval!.Value);
        }

        private void WakeUp(int wait)
        {
            if (wait != _wait || !_caughtUp)
            {
                return;
            }

            CancelTimer(Refresh);
            _caughtUp = false;
            if (IsAvailable(_out) && !_reading)
            {
                Read();
            }
        }
    }
}
