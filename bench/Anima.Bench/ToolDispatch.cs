using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using Anima.Actors.Tools;
using Anima.Messages.Sessions;
using static Anima.Bench.ResultTable;

namespace Anima.Bench;

/// <summary>
/// What a tool call costs the brain besides the tool's own work: the permission check (mode, allow rules, a path
/// inside the session's directory) and the registry's dispatch (lookup, input parsed, errors caught), against the
/// same no-op tool called directly, in the same run.
/// </summary>
public static class ToolDispatch
{
    private const int Calls = 20_000;

    public static Task<IReadOnlyList<BenchRow>> MeasureAsync(string scratch) => Task.Run(async () =>
    {
        var work = Directory.CreateDirectory(Path.Combine(scratch, "tool-dispatch", "src")).Parent!.FullName;
        var bash = new NoopTool("bash", ToolAccess.Acts);
        var edit = new NoopTool("edit_file", ToolAccess.EditsFiles);
        var registry = new ToolRegistry([bash, edit, new NoopTool("read_file", ToolAccess.ReadOnly)]);
        AllowRule[] configured = [.. new[] { "web_get", "mcp__github", "bash(npm test)", "bash(ls)", "bash(git status)" }.Select(r => AllowRule.Parse(r, out _)!)];
        AllowRule[] session = [AllowRule.Parse("bash(git diff)", out _)!];
        var context = new ToolContext("bench", "toolu_1", ActorRefs.Nobody, work);
        var bashInput = JsonSerializer.Serialize(new { command = "git status --short" });
        var editInput = JsonSerializer.Serialize(new { path = "src/Program.cs", old_string = "a", new_string = "b" });

        var direct = new Samples();
        var ruled = new Samples();
        var autoEdit = new Samples();
        for (var round = 0; round < 2; round++)
        {
            // The first round warms the JIT up; the second is measured.
            direct = new Samples();
            ruled = new Samples();
            autoEdit = new Samples();
            for (var i = 0; i < Calls; i++)
            {
                // The least any dispatch does: the model's input parsed, the tool called.
                var t0 = Stopwatch.GetTimestamp();
                await bash.RunAsync(ToolInput.Parse(bashInput)!, context, CancellationToken.None);
                direct.AddSince(t0);

                var t1 = Stopwatch.GetTimestamp();
                var check = registry.Check("bash", bashInput, PermissionMode.Ask, configured, session, work);
                await registry.RunAsync("bash", bashInput, context, CancellationToken.None);
                ruled.AddSince(t1);

                var t2 = Stopwatch.GetTimestamp();
                var editCheck = registry.Check("edit_file", editInput, PermissionMode.AutoEdit, configured, session, work);
                await registry.RunAsync("edit_file", editInput, context, CancellationToken.None);
                autoEdit.AddSince(t2);
                if (!check.Allowed || !editCheck.Allowed)
                {
                    throw new InvalidOperationException("the bench's calls must be allowed by its rule and its mode");
                }
            }
        }

        return (IReadOnlyList<BenchRow>)
        [
            new BenchRow(
                $"tool dispatch: registry + permission check per call, p50 / p99 (no-op tool; bash allowed by the 5th of 6 prefix rules, {Calls:N0} calls after as many warm-up)",
                $"{Us(ruled.P50)} / {Us(ruled.P99)}",
                $"{Us(direct.P50)} / {Us(direct.P99)} (its input parsed, the tool called directly)",
                Ratio(ruled.P50 / Math.Max(direct.P50, 1e-6)),
                "p50 ≤ 0.5 ms",
                ruled.P50 <= 0.5),
            new BenchRow(
                "the same, edit_file in auto-edit mode (its path resolved, checked inside the directory, no symbolic link on the way)",
                $"{Us(autoEdit.P50)} / {Us(autoEdit.P99)}",
                $"{Us(direct.P50)} / {Us(direct.P99)} (its input parsed, the tool called directly)",
                Ratio(autoEdit.P50 / Math.Max(direct.P50, 1e-6)),
                "p50 ≤ 0.5 ms",
                autoEdit.P50 <= 0.5),
        ];
    });

    private static string Us(double ms) => (ms * 1000).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " µs";

    /// <summary>A tool that does nothing: what is left is the dispatch.</summary>
    private sealed class NoopTool(string name, ToolAccess access) : ITool
    {
        private static readonly Task<ToolResult> Done = Task.FromResult(new ToolResult("ok", false));

        public string Name => name;

        public string Description => "does nothing";

        public JsonElement InputSchema { get; } = ToolRegistry.Schema("""{"type":"object"}""");

        public ToolAccess Access => access;

        public string? TargetPath(ToolInput input, string workingDirectory) =>
            input.Text("path") is { } path ? FilePaths.Resolve(workingDirectory, path) : null;

        public Task<ToolResult> RunAsync(ToolInput input, ToolContext context, CancellationToken cancellationToken) => Done;
    }
}
