using Anima.Client;

namespace Anima.Tests.Faults;

/// <summary>Reading what a brain pushes to a client, until something arrives.</summary>
public static class Pushes
{
    /// <summary>Everything pushed until (and with) the first push that matches, or a timeout naming what came instead.</summary>
    public static async Task<List<object>> UntilAsync(BrainClient client, Func<object, bool> match, TimeSpan within, string what)
    {
        var seen = new List<object>();
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await foreach (var push in client.Pushes.ReadAllAsync(timeout.Token))
            {
                seen.Add(push);
                if (match(push))
                {
                    return seen;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        throw new TimeoutException($"{what} did not arrive within {within}; pushed instead:\n{string.Join('\n', seen.Select(p => p.ToString()?[..Math.Min(300, p.ToString()!.Length)]))}");
    }
}
