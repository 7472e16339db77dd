using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace Anima.Actors.Memory;

/// <summary>
/// all-MiniLM-L6-v2 on ONNX Runtime, shipped inside its package (nothing is downloaded), and when each text is encoded.
/// Loaded on first use: it costs ≈ 250 MB of RSS (the model read from the assembly, then ONNX Runtime's copy and
/// buffers) and 0.2–1 s, which a brain that never recalls should not pay.
/// </summary>
/// <remarks>
/// A query (a turn's recall, the <c>recall</c> tool) never waits behind a memory being encoded: the memory's inference
/// is stopped (<see cref="RunOptions.Terminate"/>, within a millisecond or two) and starts over once queries are quiet.
/// Memories wait for a quiet moment (<see cref="Quiet"/> without a query): between one turn's recall and the next they
/// would take the core the turn's path needs. Once memories have waited <see cref="MostDeferred"/> (a backlog counted
/// from its oldest) they run at once, beside the queries and unstopped, so a steady stream of turns cannot starve
/// them. Queries that wait for one another are run together by one thread (200 sessions posting at once).
/// </remarks>
public sealed class MiniLmEncoder : ITextEncoder, IDisposable
{
    /// <summary>How long after a query memories wait: the rest of the turn (the call to the model) takes a core too.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest a memory waits for quiet before it is encoded beside the queries.</summary>
    public static readonly TimeSpan MostDeferred = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Texts are encoded from their first 500 characters (about the 128 word pieces MiniLM was trained on): what a
    /// memory's vector is made of, so a query's vector can be a memory's and no long message costs a long inference.
    /// </summary>
    public const int MaxChars = 500;

    private const int MostQueriesInOneInference = 32;
    private const int RecentCount = 256;

    private readonly Lazy<MiniLmModel> _model = new(() => new MiniLmModel(), LazyThreadSafetyMode.ExecutionAndPublication);

    // Guards everything below; waiters wait on it (Monitor), woken whenever an inference ends or a query arrives.
    private readonly object _gate = new();

    // The texts encoded last: a user's message is encoded twice at the same moment, as the turn's recall query and as
    // Mneme's new memory; the second takes the first's vector instead of another inference.
    private readonly Dictionary<string, float[]> _recent = new(StringComparer.Ordinal);
    private readonly Queue<string> _recentOrder = new();
    private readonly Queue<Query> _queries = new();
    private bool _querying;
    private long _lastQueryAt;
    private RunOptions? _stoppable;
    private long _stopped;
    private int _memoryCallers;
    private long _backlogSince;
    private long _lastMemoryDoneAt;

    public int Dimensions => MiniLmModel.Dimensions;

    public bool IsLoaded => _model.IsValueCreated;

    /// <summary>Whether a memory is being encoded now, in a quiet moment (a query would stop it).</summary>
    public bool IsEncodingMemory
    {
        get
        {
            lock (_gate)
            {
                return _stoppable is not null;
            }
        }
    }

    /// <summary>How many memory inferences a query has stopped (each started over later).</summary>
    public long Stopped => Interlocked.Read(ref _stopped);

    public float[][] Encode(IReadOnlyList<string> texts)
    {
        if (texts.Count == 0)
        {
            return [];
        }

        var query = new Query([.. texts.Select(Capped)]);
        lock (_gate)
        {
            if (Known(query.Texts) is { } known)
            {
                return known;
            }

            _queries.Enqueue(query);
            if (_stoppable is { } running)
            {
                running.Terminate = true;
            }
        }

        while (true)
        {
            List<Query> batch;
            lock (_gate)
            {
                while (query.Vectors is null && query.Failure is null && _querying)
                {
                    Monitor.Wait(_gate);
                }

                if (query.Vectors is not null || query.Failure is not null)
                {
                    return query.Vectors ?? throw new InvalidOperationException("The text encoder failed: " + query.Failure!.Message, query.Failure);
                }

                // This thread runs the next inference, for the queries waiting longest (its own among them, or next):
                // as many as fit without padding the batch by more than half (every text is padded to the longest).
                _querying = true;
                batch = [];
                int count = 0, longest = 0, chars = 0;
                while (_queries.TryPeek(out var next))
                {
                    var (n, l, c) = (count + next.Texts.Length, Math.Max(longest, next.Texts.Max(PaddedLength)), chars + next.Texts.Sum(PaddedLength));
                    if (batch.Count > 0 && (n > MostQueriesInOneInference || n * l > c * 3 / 2))
                    {
                        break;
                    }

                    batch.Add(_queries.Dequeue());
                    (count, longest, chars) = (n, l, c);
                }
            }

            Run(batch);
        }
    }

    /// <summary>One inference for a batch of queries; each gets its vectors, or the failure.</summary>
    private void Run(List<Query> batch)
    {
        Exception? failure = null;
        try
        {
            var distinct = batch.SelectMany(q => q.Texts).Distinct(StringComparer.Ordinal).ToArray();
            using var run = new RunOptions();
            var encoded = _model.Value.Encode(distinct, run);
            lock (_gate)
            {
                for (var i = 0; i < distinct.Length; i++)
                {
                    Remember(distinct[i], encoded[i]);
                }

                var byText = distinct.Select((t, i) => (t, i)).ToDictionary(p => p.t, p => encoded[p.i], StringComparer.Ordinal);
                foreach (var waiting in batch)
                {
                    waiting.Vectors = [.. waiting.Texts.Select(t => byText[t])];
                }
            }
        }
        catch (Exception ex)
        {
            failure = ex;
        }
        finally
        {
            lock (_gate)
            {
                foreach (var waiting in batch.Where(q => q.Vectors is null))
                {
                    waiting.Failure = failure ?? new InvalidOperationException("not encoded");
                }

                _querying = false;
                _lastQueryAt = Stopwatch.GetTimestamp();
                Monitor.PulseAll(_gate);
            }
        }
    }

    public float[][] EncodeInBackground(IReadOnlyList<string> texts)
    {
        long waitingSince;
        lock (_gate)
        {
            // A backlog is one wait: memories handed over one after another (Mneme's writes) while earlier ones wait or
            // run count from when the first began to wait, so a steady stream of turns defers them by a second, not
            // each by a second (which would let them fall further behind with every turn).
            if (_memoryCallers++ == 0 && Stopwatch.GetElapsedTime(_lastMemoryDoneAt) > Quiet)
            {
                _backlogSince = Stopwatch.GetTimestamp();
            }

            waitingSince = _backlogSince;
        }

        try
        {
            var vectors = new float[texts.Count][];
            for (var i = 0; i < texts.Count; i++)
            {
                vectors[i] = EncodeOneInBackground(Capped(texts[i]), waitingSince);
            }

            return vectors;
        }
        finally
        {
            lock (_gate)
            {
                if (--_memoryCallers == 0)
                {
                    _lastMemoryDoneAt = Stopwatch.GetTimestamp();
                }
            }
        }
    }

    private float[] EncodeOneInBackground(string text, long waitingSince)
    {
        while (true)
        {
            var run = new RunOptions();
            var stoppable = false;
            lock (_gate)
            {
                while (true)
                {
                    if (_recent.TryGetValue(text, out var known))
                    {
                        run.Dispose();
                        return known;
                    }

                    var now = Stopwatch.GetTimestamp();
                    var overdue = MostDeferred - Stopwatch.GetElapsedTime(waitingSince, now);
                    if (overdue <= TimeSpan.Zero)
                    {
                        break; // beside the queries, and not stopped
                    }

                    var quietIn = Quiet - Stopwatch.GetElapsedTime(_lastQueryAt, now);
                    if (!_querying && _queries.Count == 0 && _stoppable is null && quietIn <= TimeSpan.Zero)
                    {
                        stoppable = true;
                        _stoppable = run;
                        break;
                    }

                    var wait = _querying || _queries.Count > 0 || _stoppable is not null ? overdue : TimeSpan.FromTicks(Math.Min(quietIn.Ticks, overdue.Ticks));
                    Monitor.Wait(_gate, wait + TimeSpan.FromMilliseconds(1));
                }
            }

            try
            {
                var vector = _model.Value.Encode([text], run)[0];
                lock (_gate)
                {
                    Remember(text, vector);
                }

                return vector;
            }
            catch (OnnxRuntimeException) when (stoppable && run.Terminate)
            {
                Interlocked.Increment(ref _stopped);
            }
            finally
            {
                lock (_gate)
                {
                    if (ReferenceEquals(_stoppable, run))
                    {
                        _stoppable = null;
                    }

                    run.Dispose();
                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    /// <summary>A text's length as padding costs it: the shortest inferences cost about the same.</summary>
    private static int PaddedLength(string text) => Math.Max(64, text.Length);

    private static string Capped(string text) => text.Length <= MaxChars ? text : text[..MaxChars];

    private float[][]? Known(string[] texts)
    {
        var vectors = new float[texts.Length][];
        for (var i = 0; i < texts.Length; i++)
        {
            if (!_recent.TryGetValue(texts[i], out var vector))
            {
                return null;
            }

            vectors[i] = vector;
        }

        return vectors;
    }

    private void Remember(string text, float[] vector)
    {
        if (!_recent.TryAdd(text, vector))
        {
            return;
        }

        _recentOrder.Enqueue(text);
        if (_recentOrder.Count > RecentCount)
        {
            _recent.Remove(_recentOrder.Dequeue());
        }
    }

    public void Dispose()
    {
        if (_model.IsValueCreated)
        {
            _model.Value.Dispose();
        }
    }

    /// <summary>A query's texts, and what became of them (set under the gate by whichever thread ran them).</summary>
    private sealed class Query(string[] texts)
    {
        public string[] Texts { get; } = texts;

        public float[][]? Vectors { get; set; }

        public Exception? Failure { get; set; }
    }
}
