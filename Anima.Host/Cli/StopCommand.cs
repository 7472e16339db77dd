using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Anima.Actors.Configuration;
using Anima.Client.Configuration;
using Anima.Host.Brain;

namespace Anima.Host.Cli;

/// <summary>
/// <c>anima stop</c>: ends the brain of this home and environment as Ctrl+C would (SIGTERM, a clean shutdown), and
/// waits until its lock is free, so a brain started next finds the home its own. The brain plain <c>anima</c> starts
/// in the background has no other way to be stopped by name.
/// </summary>
public static class StopCommand
{
    private const int SigTerm = 15;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var environment = new Option<string?>("--env") { Description = "production or development (default: the configured one)" };
        var command = new Command("stop", "Stop the brain running on this machine for ANIMA_HOME (a clean shutdown)") { environment };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var home = AnimaHome.FromEnvironment();
            var name = AnimaConfig.ForBrain(home, parse.GetValue(environment)).Environment.Name;
            var owner = BrainLock.FindRunning(home, name, out var running);
            if (!running)
            {
                Console.WriteLine($"No brain runs on {home.Root} ({name}).");
                return 0;
            }

            if (owner is null)
            {
                Console.Error.WriteLine($"anima: a brain on {home.Root} ({name}) is still starting; run 'anima stop' again in a moment.");
                return 1;
            }

            if (kill(owner.Pid, SigTerm) != 0)
            {
                Console.Error.WriteLine($"anima: could not signal the brain (pid {owner.Pid}): {Marshal.GetLastPInvokeErrorMessage()}.");
                return 1;
            }

            Console.Error.Write($"Stopping the brain (pid {owner.Pid}, port {owner.Port})…");
            var clock = Stopwatch.StartNew();
            while (IsHeld(home, name))
            {
                if (clock.Elapsed > Patience)
                {
                    Console.Error.WriteLine();
                    Console.Error.WriteLine($"anima: the brain (pid {owner.Pid}) has not stopped after {Patience.TotalSeconds:0} s; its log says why. "
                        + $"'kill -9 {owner.Pid}' ends it: the journal keeps everything it acknowledged.");
                    return 1;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }

            Console.Error.WriteLine($" stopped ({clock.Elapsed.TotalSeconds:0.0} s).");
            return 0;
        });
        return command;
    }

    private static bool IsHeld(AnimaHome home, string environment)
    {
        BrainLock.FindRunning(home, environment, out var running);
        return running;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
