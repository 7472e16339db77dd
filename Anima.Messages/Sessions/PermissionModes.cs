namespace Anima.Messages.Sessions;

/// <summary>Permission modes as users write them: ask, auto-edit, trust.</summary>
public static class PermissionModes
{
    public const string Names = "ask, auto-edit or trust";

    public static PermissionMode? Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "ask" => PermissionMode.Ask,
        "auto-edit" or "auto_edit" or "autoedit" => PermissionMode.AutoEdit,
        "trust" => PermissionMode.Trust,
        _ => null,
    };

    public static string Name(PermissionMode mode) => mode switch
    {
        PermissionMode.AutoEdit => "auto-edit",
        PermissionMode.Trust => "trust",
        _ => "ask",
    };

    /// <summary>The mode after <paramref name="mode"/>, round: what the TUI's mode key switches to.</summary>
    public static PermissionMode Next(PermissionMode mode) => mode switch
    {
        PermissionMode.Ask => PermissionMode.AutoEdit,
        PermissionMode.AutoEdit => PermissionMode.Trust,
        _ => PermissionMode.Ask,
    };
}
