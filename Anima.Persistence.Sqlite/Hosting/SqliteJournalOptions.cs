using System.Text;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Persistence.Hosting;
using Anima.Persistence.Sqlite.Storage;

namespace Anima.Persistence.Sqlite.Hosting;

/// <summary>
/// The SQLite journal and its read journal, for <see cref="SqlitePersistenceHostingExtensions.WithSqlitePersistence(AkkaConfigurationBuilder, SqliteJournalOptions, SqliteSnapshotOptions?)"/>.
/// Unset properties keep the plugin's defaults (<c>sqlite-persistence.conf</c>). Event adapters go in <see cref="JournalOptions.Adapters"/>.
/// </summary>
public sealed class SqliteJournalOptions : JournalOptions
{
    public SqliteJournalOptions()
        : this(isDefaultPlugin: true)
    {
    }

    public SqliteJournalOptions(bool isDefaultPlugin, string identifier = SqlitePersistence.DefaultIdentifier)
        : base(isDefaultPlugin)
    {
        Identifier = identifier;
        AutoInitialize = true;
    }

    /// <summary>The plugin's name: <c>akka.persistence.journal.{Identifier}</c>, <c>akka.persistence.query.journal.{Identifier}</c>.</summary>
    public override string Identifier { get; set; }

    /// <summary>The SQLite file (required).</summary>
    public string? DatabaseFile { get; set; }

    /// <inheritdoc cref="SqliteSynchronous"/>
    public SqliteSynchronous? Synchronous { get; set; }

    /// <summary>Events written that make the writer bring the stream index up to date at once.</summary>
    public int? StreamIndexEvery { get; set; }

    /// <summary>How long no write must come before the writer brings the stream index up to date for fewer.</summary>
    public TimeSpan? StreamIndexWhenIdleFor { get; set; }

    /// <summary>How often a live query looks at the file when the writer has not woken it.</summary>
    public TimeSpan? QueryRefreshInterval { get; set; }

    /// <summary>Events a query reads from the file at a time.</summary>
    public int? QueryMaxBufferSize { get; set; }

    public string QueryPluginId => $"akka.persistence.query.journal.{Identifier}";

    /// <summary>The read journal's defaults, under <see cref="QueryPluginId"/>.</summary>
    public Config DefaultQueryConfig => SqlitePersistence.DefaultQueryConfiguration.MoveTo(QueryPluginId);

    protected override Config InternalDefaultConfig => SqlitePersistence.DefaultJournalConfiguration;

    protected override StringBuilder Build(StringBuilder sb)
    {
        SqliteStoreOptions.Append(sb, DatabaseFile, Synchronous, StreamIndexEvery, StreamIndexWhenIdleFor, GetType());
        base.Build(sb);
        sb.AppendLine($"{QueryPluginId} {{");
        sb.AppendLine($"write-plugin = {PluginId.ToHocon()}");
        if (QueryRefreshInterval is { } refresh)
        {
            sb.AppendLine($"refresh-interval = {refresh.ToHocon()}");
        }

        if (QueryMaxBufferSize is { } size)
        {
            sb.AppendLine($"max-buffer-size = {size.ToHocon()}");
        }

        sb.AppendLine("}");
        return sb;
    }
}
