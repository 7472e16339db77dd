using Anima.Client.Configuration;
using Microsoft.Data.Sqlite;

namespace Anima.Bench;

/// <summary>A throwaway ANIMA_HOME whose anima.conf passivates idle sessions after two seconds (and holds <paramref name="settings"/>).</summary>
public sealed class BenchHome : IDisposable
{
    public BenchHome(string name, string settings = "")
    {
        Home = new AnimaHome(Path.Combine(Path.GetTempPath(), "anima-bench-" + Environment.ProcessId, name));
        Home.EnsureCreated();
        File.WriteAllText(Home.ConfigFile, "anima.sessions.passivate-after = 2s\n" + settings + "\n");
    }

    public AnimaHome Home { get; }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Home.Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
