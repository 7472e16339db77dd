using Anima.Messages.Sessions;

namespace Anima.Actors.Protocol;

/// <summary>
/// A session's permissions as the loop checks calls against them: its mode (null: the configured default), the rules
/// "always" added, and the calls approved since the session started that have no result yet — approved but not run,
/// unlike an approval recovered from the journal, which may have been running when the brain stopped.
/// </summary>
public sealed record SessionPermissions(PermissionMode? Mode, IReadOnlyList<string> AllowRules, IReadOnlySet<string> FreshApprovals)
{
    public static readonly SessionPermissions None = new(null, [], new HashSet<string>());
}
