namespace Anima.Client.Configuration;

/// <summary>Configuration the user must fix; the message says what is wrong and where.</summary>
public sealed class AnimaConfigException(string message, Exception? inner = null) : Exception(message, inner);
