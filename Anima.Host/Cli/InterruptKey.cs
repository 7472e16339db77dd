using System.Runtime.InteropServices;

namespace Anima.Host.Cli;

/// <summary>
/// Ctrl+C while a command waits on the brain: the first press is a request (<see cref="Pressed"/>) the command
/// carries out and reports; a second one ends the process at once, as Ctrl+C always does.
/// </summary>
public sealed class InterruptKey : IDisposable
{
    private readonly CancellationTokenSource _pressed = new();
    private readonly PosixSignalRegistration _registration;

    public InterruptKey()
    {
        _registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            if (!_pressed.IsCancellationRequested)
            {
                context.Cancel = true;
                _pressed.Cancel();
            }
        });
    }

    public CancellationToken Pressed => _pressed.Token;

    public void Dispose()
    {
        _registration.Dispose();
        _pressed.Dispose();
    }
}
