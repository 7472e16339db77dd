namespace Anima.Bench;

/// <summary>How much each measurement does: <c>--quick</c> (under two minutes) or the full run (under ten).</summary>
public sealed record BenchSizes(
    bool Quick,
    int Turns,
    int WarmupTurns,
    int JournalSessions,
    int JournalMessagesPerSession,
    int RemoteMessagesPerSession,
    int HistoryEvents,
    int AttachRepeats,
    int RelayDeltas,
    int ConcurrentSessions,
    int TurnsPerSession,
    int ConcurrentClients,
    int PassivatedSessions,
    int BaselineSamples,
    int BaselineRows,
    int ColdConnects)
{
    public static BenchSizes For(bool quick) => quick
        ? new(true, Turns: 300, WarmupTurns: 30, JournalSessions: 100, JournalMessagesPerSession: 300, RemoteMessagesPerSession: 20,
            HistoryEvents: 10_000, AttachRepeats: 5, RelayDeltas: 20_000, ConcurrentSessions: 200, TurnsPerSession: 5, ConcurrentClients: 10,
            PassivatedSessions: 10_000, BaselineSamples: 2_000, BaselineRows: 50_000, ColdConnects: 8)
        : new(false, Turns: 1_000, WarmupTurns: 100, JournalSessions: 100, JournalMessagesPerSession: 2_000, RemoteMessagesPerSession: 30,
            HistoryEvents: 100_000, AttachRepeats: 10, RelayDeltas: 60_000, ConcurrentSessions: 200, TurnsPerSession: 5, ConcurrentClients: 10,
            PassivatedSessions: 10_000, BaselineSamples: 10_000, BaselineRows: 200_000, ColdConnects: 20);
}
