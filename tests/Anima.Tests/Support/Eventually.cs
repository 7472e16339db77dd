namespace Anima.Tests.Support;

/// <summary>AwaitAssert for async assertions against another process: retries until it holds or time is up.</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<Task> assertion, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}
