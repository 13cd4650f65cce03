namespace DurableIngest.Cli;

/// <summary>The CLI's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>The run completed at or above its success threshold (or the command succeeded).</summary>
    public const int Success = 0;

    /// <summary>The run completed below its success threshold, failed, or could not run.</summary>
    public const int RunFailed = 1;

    /// <summary>Invalid configuration or usage; nothing was written.</summary>
    public const int InvalidInput = 2;
}
