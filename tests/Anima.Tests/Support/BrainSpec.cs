using Akka.Cluster;
using Akka.Configuration;
using Anima.Actors.Configuration;
using Xunit.Abstractions;

namespace Anima.Tests.Support;

/// <summary>
/// A TestKit spec on the brain's real configuration: a one-node cluster, our serializer, and the
/// our SQLite journal on a file of its own.
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
        return settings.Config;
    }
}
