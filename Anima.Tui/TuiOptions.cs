using Anima.Actors.Client;
using Anima.Actors.Configuration;

namespace Anima.Tui;

/// <summary>
/// Where the TUI finds the brain and its credentials (this home's, or a bundle from <c>anima pair</c>), and which
/// session to open (default: the newest).
/// </summary>
public sealed record TuiOptions(BrainAddress Address, AnimaHome Home, string? SessionId = null, string? ClientBundle = null);
