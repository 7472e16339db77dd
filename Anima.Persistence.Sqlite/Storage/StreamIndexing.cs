namespace Anima.Persistence.Sqlite.Storage;

/// <summary>When the writer brings the stream index up to date (<c>stream-index</c> of the plugin's configuration).</summary>
/// <param name="Every">Events written since the last time that make it do so at once, between two commits.</param>
/// <param name="WhenIdleFor">How long no write must come before it does so for fewer.</param>
internal sealed record StreamIndexing(int Every, TimeSpan WhenIdleFor);
