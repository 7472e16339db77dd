using Anima.Client;
using Anima.Client.Configuration;

namespace Anima.Tui;

/// <summary>
/// Where the TUI finds the brain and its credentials (this home's, or a bundle from <c>anima pair</c>), which session
/// to open (default: the newest; an id or the start of one), and the directory the sessions it creates work in.
/// </summary>
public sealed record TuiOptions(
    BrainAddress Address,
    AnimaHome Home,
    string? SessionId = null,
    string? ClientBundle = null,
    string? WorkingDirectory = null);
