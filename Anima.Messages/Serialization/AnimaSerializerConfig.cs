using Akka.Configuration;

namespace Anima.Messages.Serialization;

/// <summary>The binding both ends of a link (and the journal) must share.</summary>
public static class AnimaSerializerConfig
{
    public static Config Hocon { get; } = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.anima = "{{typeof(AnimaSerializer).AssemblyQualifiedName}}"
          serialization-bindings {
            "{{typeof(IAnimaMessage).FullName}}, {{typeof(IAnimaMessage).Assembly.GetName().Name}}" = anima
          }
          serialization-identifiers {
            "{{typeof(AnimaSerializer).FullName}}, {{typeof(AnimaSerializer).Assembly.GetName().Name}}" = {{AnimaSerializer.SerializerId}}
          }
        }
        """);
}
