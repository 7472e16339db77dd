using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace Anima.Client.Configuration;

/// <summary>
/// The user's anima.conf as written, without defaults: read by the brain (over its defaults) and by clients (for where
/// the brain listens). Anything unreadable is an <see cref="AnimaConfigException"/> that names the file and the line.
/// </summary>
public static class UserConfigFile
{
    /// <summary>The user's file alone, or null when there is none.</summary>
    public static Config? Read(AnimaHome home)
    {
        if (Directory.Exists(home.ConfigFile))
        {
            throw new AnimaConfigException(
                $"{home.ConfigFile} is a folder, not a file, so none of your settings would apply. Move it away; 'anima install' writes a commented anima.conf.");
        }

        if (!File.Exists(home.ConfigFile))
        {
            return null;
        }

        try
        {
            return Parse(File.ReadAllText(home.ConfigFile), home.ConfigFile, depth: 0);
        }
        catch (Exception ex) when (ex is not AnimaConfigException)
        {
            throw new AnimaConfigException(
                $"{home.ConfigFile} could not be read: {ex.Message}\nFix the file, or move it away to start from the defaults.", ex);
        }
    }

    /// <summary>
    /// HOCON with its <c>include</c>s read relative to the including file (Akka's parser, given no way to read
    /// them, failed with "Object reference not set to an instance of an object").
    /// </summary>
    private static Config Parse(string text, string source, int depth)
    {
        ConfigText.CheckBrackets(text, source);
        try
        {
            return ConfigurationFactory.ParseString(text, include => new HoconRoot(Include(include, source, depth).Root));
        }
        catch (Exception ex) when (ex is not AnimaConfigException)
        {
            // Akka's parser explains at length; its first line says what.
            throw new AnimaConfigException($"{source} is not valid HOCON: {ex.Message.Split('\n')[0].Trim()} Fix the file, or move it away to start from the defaults.", ex);
        }
    }

    private static Config Include(string include, string from, int depth)
    {
        var path = Path.GetFullPath(include.Trim().Trim('"'), Path.GetDirectoryName(from)!);
        if (depth >= 8)
        {
            throw new AnimaConfigException($"{from}: include \"{include}\" nests more than 8 files deep (does it include itself?).");
        }

        if (!File.Exists(path))
        {
            throw new AnimaConfigException($"{from}: include \"{include}\": there is no file {path}. Fix the path, or remove the line.");
        }

        try
        {
            return Parse(File.ReadAllText(path), path, depth + 1);
        }
        catch (AnimaConfigException ex)
        {
            throw new AnimaConfigException($"{from}: include \"{include}\": {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new AnimaConfigException($"{from}: include \"{include}\": {path} cannot be read ({ex.Message}).", ex);
        }
    }
}
