namespace Anima.Actors.Tools;

/// <summary>Whether a call runs now, or asks first (why, and the rule "always" would add).</summary>
public sealed record PermissionCheck(bool Allowed, string? Reason = null, string? Rule = null)
{
    public static readonly PermissionCheck Allow = new(true);

    public static PermissionCheck Ask(string reason, string? rule) => new(false, reason, rule);
}
