using Anima.Actors.Mind;
using Anima.Actors.Providers;
using Anima.Messages.Mind;

namespace Anima.Tests.Mind;

/// <summary>
/// How the levels reach the agent's request beyond its voice: the thinking budget (frustration, cortisol) in steps,
/// and the model calls a turn allows itself (stress shortens the leash, drive makes up for it). Pure rules on the defaults.
/// </summary>
public sealed class ChannelSpecs
{
    private const string Session = "s1";
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly MindConfig Config = MindConfig.Defaults;

    [Theory]
    [InlineData(0, 20, 4096)]
    [InlineData(10, 20, 4096)] // raw 4915: not a whole step yet
    [InlineData(20, 20, 5120)]
    [InlineData(30, 20, 6144)]
    [InlineData(50, 20, 8192)]
    [InlineData(0, 60, 5120)] // cortisol's excess over its baseline: 40 / 100
    [InlineData(30, 60, 8192)]
    [InlineData(0, 5, 4096)] // calm below baseline never costs the agent its base
    public void The_thinking_budget_grows_with_frustration_and_cortisol_in_whole_steps(double frustration, double cortisol, int budget)
    {
        Assert.Equal(budget, ThinkingBudget.For(4096, At(("frustration", frustration), ("cortisol", cortisol)), T0, maxTokens: 16000));
    }

    [Fact]
    public void While_strain_decays_the_budget_changes_a_few_times_not_at_every_call()
    {
        // Five tool errors, then an hour of calls a minute apart.
        var state = At(("frustration", 50), ("cortisol", 50));
        var calls = Enumerable.Range(0, 60).Select(minute => T0.AddMinutes(minute)).ToList();

        var stepped = calls.Select(at => ThinkingBudget.For(4096, state, at, maxTokens: 16000)).ToList();
        var unstepped = calls.Select(at => ThinkingBudget.Stepped(
            4096, (state.Felt("frustration", at) / 50m) + ((state.Felt("cortisol", at) - 20) / 100m), step: 1, maxTokens: 16000)).ToList();

        Assert.Equal(9216, stepped[0]);
        Assert.Equal(4096, stepped[^1]);
        Assert.InRange(Changes(stepped), 4, 6);
        Assert.InRange(Changes(unstepped), 30, 60);
        Assert.All(stepped, budget => Assert.Equal(0, (budget!.Value - 4096) % 1024));
    }

    [Theory]
    [InlineData(20, 0, 40, 25)] // at rest: the configured maximum
    [InlineData(80, 0, 40, 12)] // stress: 25 × (1 − 60/120)
    [InlineData(80, 70, 40, 3)] // stress and frustration: never below the minimum
    [InlineData(80, 0, 70, 17)] // drive makes up for some of it: 25 × (1 − 0.5 + 0.2)
    [InlineData(5, 0, 100, 25)] // never above the configured maximum
    public void The_rounds_a_turn_allows_itself_shrink_under_strain(double cortisol, double frustration, double testosterone, int rounds)
    {
        var state = At(("cortisol", cortisol), ("frustration", frustration), ("testosterone", testosterone));

        Assert.Equal(rounds, ToolRounds.For(25, state, T0));
    }

    [Fact]
    public void The_last_call_the_mind_allows_carries_the_wish_to_hand_back()
    {
        var strained = At(("cortisol", 80));

        var early = FeltTail.For(strained, T0, callsThisTurn: 5, toolRounds: 12);
        var last = FeltTail.For(strained, T0, callsThisTurn: 11, toolRounds: 12);
        var beyond = FeltTail.For(strained, T0, callsThisTurn: 13, toolRounds: 12);

        Assert.DoesNotContain("tell them where I've got to", Wants(early));
        Assert.StartsWith("I want to stop here and tell them where I've got to.", Wants(last));
        Assert.StartsWith("I want to stop here and tell them where I've got to.", Wants(beyond));
    }

    private static string Wants(IReadOnlyList<Anima.Actors.Providers.TailSection> tail) =>
        tail.SingleOrDefault(s => s.Label == FeltTail.Wanting)?.Text ?? string.Empty;

    private static int Changes(IReadOnlyList<int?> budgets) => budgets.Zip(budgets.Skip(1)).Count(pair => pair.First != pair.Second);

    private static MindState At(params (string Hormone, double Level)[] levels) =>
        levels.Aggregate(MindState.Initial(Config), (state, l) => state.Apply(new HormoneChanged(Session, l.Hormone, l.Level, 0, "test", T0)));
}
