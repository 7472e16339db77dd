using System.Collections.Immutable;
using Akka.Persistence.Journal;

namespace Anima.Actors.Journal;

/// <summary>Tags every session event so the session list can follow them all with one query.</summary>
public sealed class SessionEventTagger : IWriteEventAdapter
{
    public const string Tag = "session";

    private static readonly IImmutableSet<string> Tags = ImmutableHashSet.Create(Tag);

    public string Manifest(object evt) => string.Empty;

    public object ToJournal(object evt) => new Tagged(evt, Tags);
}
