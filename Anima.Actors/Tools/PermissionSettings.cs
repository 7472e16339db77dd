using Akka.Configuration;
using Anima.Messages.Sessions;

namespace Anima.Actors.Tools;

/// <summary>
/// anima.tools.permissions: the mode a new session starts in, and the rules that allow calls in every session.
/// </summary>
public sealed record PermissionSettings(PermissionMode DefaultMode, IReadOnlyList<AllowRule> Allow)
{
    public static readonly PermissionSettings Default = new(PermissionMode.Ask, []);

    public static PermissionSettings From(Config config)
    {
        var mode = config.GetString("anima.tools.permissions.mode", "ask");
        var rules = config.HasPath("anima.tools.permissions.allow") ? config.GetStringList("anima.tools.permissions.allow") : [];
        return new(
            PermissionModes.Parse(mode) ?? throw new ArgumentException($"anima.tools.permissions.mode = {mode} is not a mode: use {PermissionModes.Names}."),
            [.. rules.Select(text => AllowRule.Parse(text, out var problem) ?? throw new ArgumentException($"anima.tools.permissions.allow: {problem}."))]);
    }
}
