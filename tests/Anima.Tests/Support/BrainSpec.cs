using Akka.Cluster;
using Akka.Configuration;
using Anima.Actors.Configuration;
using Anima.Actors.Sessions;
using Anima.Client.Configuration;
using Anima.Persistence.Sqlite;
using Xunit.Abstractions;

namespace Anima.Tests.Support;

/// <summary>
/// A TestKit spec on the brain's real configuration: a one-node cluster, our serializer, and the
/// SQLite journal on a file of its own.
/// </summary>
public abstract class BrainSpec : Akka.TestKit.Xunit2.TestKit
{
    protected BrainSpec(TempHome home, string? overrides = null, ITestOutputHelper? output = null)
        : base(ConfigFor(home, overrides), "anima", output)
    {
        TempHome = home;
        var cluster = Cluster.Get(Sys);
        cluster.Join(cluster.SelfAddress);
        AwaitCondition(() => cluster.State.Members.Any(m => m.Status == MemberStatus.Up), TimeSpan.FromSeconds(15));
    }

    protected TempHome TempHome { get; }

    protected string ConnectionString => SqliteDatabase.ConnectionString(TempHome.Home.DatabaseFile(AnimaEnvironment.Production));

    /// <summary>The first column of the first row <paramref name="sql"/> selects from the brain's file (0 for none).</summary>
    protected long CountRows(string sql)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() is long value ? value : 0;
    }

    /// <summary>Stops <paramref name="actor"/> and waits until it has.</summary>
    protected void Stop(Akka.Actor.IActorRef actor)
    {
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempHome.Dispose();
        }
    }

    private static Config ConfigFor(TempHome home, string? overrides)
    {
        home.Home.EnsureCreated();
        var extra = ConfigurationFactory.ParseString(overrides ?? string.Empty);
        var settings = AnimaConfig.ForBrain(home.Home, "production", port: 0, extra);
        SqliteDatabase.Prepare(settings.DatabaseFile);
        return UnhostedBrain.Config(settings);
    }
}
