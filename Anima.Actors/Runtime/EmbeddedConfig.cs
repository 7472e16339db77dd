using Akka.Configuration;

namespace Anima.Actors.Runtime;

/// <summary>The defaults shipped inside the assembly (hocon/*.hocon, embedded at build): each room reads its own.</summary>
public static class EmbeddedConfig
{
    public static Config Read(string name)
    {
        var assembly = typeof(EmbeddedConfig).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("." + name, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
