using Anima.Client.Configuration;

namespace Anima.Tui.ViewModel;

/// <summary>
/// What the account dialog says: which credentials a brain started from this terminal uses, and what storing a
/// key changes. The environment's key (<paramref name="environment"/>: <see cref="Credentials.FromEnvironment"/>)
/// wins over the stored one, as <c>anima login</c> says; the dialog used to promise a key just stored would be used.
/// </summary>
public static class AccountText
{
    public static string State(AnimaHome home, Credentials? environment)
    {
        var stored = Credentials.FromFile(home);
        if (environment is not null)
        {
            var over = stored is null ? string.Empty : $" over the key stored in {home.CredentialsFile}";
            return $"In use: {environment.Masked} from {environment.Source},\nset in this terminal: a brain started from here uses it{over}.";
        }

        return stored is null
            ? $"No Anthropic credentials set.\nA key pasted here is stored in {home.CredentialsFile}."
            : $"In use: {stored.Masked}\nstored in {home.CredentialsFile}";
    }

    /// <summary>One line for the status bar: the dialog closes once a key is stored.</summary>
    public static string AfterStore(AnimaHome home, Credentials? environment) => environment is null
        ? $"Key stored in {home.CredentialsFile} (0600). The brain uses it from the next turn."
        : $"Key stored, but {environment.Source} is set in this terminal: a brain started from here uses that instead.";
}
