namespace Anima.Messages;

/// <summary>
/// Marker for everything that crosses a process boundary or lands in the journal; bound to
/// <see cref="Serialization.AnimaSerializer"/> so nothing falls back to the default JSON serializer.
/// </summary>
public interface IAnimaMessage;
