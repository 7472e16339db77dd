using Anima.Client.Configuration;

namespace Anima.Tests.Support;

/// <summary>A throwaway ANIMA_HOME per test.</summary>
public sealed class TempHome : IDisposable
{
    public TempHome()
    {
        Root = Path.Combine(Path.GetTempPath(), "anima-test-" + Guid.NewGuid().ToString("N")[..10]);
        Home = new AnimaHome(Root);
    }

    public string Root { get; }

    public AnimaHome Home { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a process that was just killed may still hold a file for a moment; tmp is cleaned anyway
        }
    }
}
