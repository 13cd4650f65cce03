using DurableIngest.Configuration;
using DurableIngest.Connectors;

namespace DurableIngest.Sources;

/// <summary>
/// What every source provider does the same way: it reads its options from <c>source.serviceConnection.config</c>
/// twice, at validation (problems go to the loader's list, beside everyone else's) and when an activity creates the
/// source (problems are thrown, all at once). A provider says only how its options are read and how its source is built.
/// </summary>
/// <typeparam name="TOptions">The source's validated options.</typeparam>
public abstract class SourceProvider<TOptions> : ISourceProvider
    where TOptions : class
{
    public abstract IReadOnlyList<string> Types { get; }

    public void Validate(SourceSettings settings, ConfigProblems problems)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(problems);
        _ = Read(settings, problems, validating: true);
    }

    public IMetadataSource Create(SourceSettings settings, ConnectorContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        var problems = new ConfigProblems();
        var options = Read(settings, problems, validating: false);
        if (options is null || problems.HasAny)
        {
            throw new ConfigException($"source ({settings.Type})", [.. problems]);
        }

        return CreateSource(options, settings, context);
    }

    /// <summary>
    /// Reads the options from <see cref="SourceSettings.Connection"/>, reporting every problem into that section;
    /// null when they cannot be read at all. <paramref name="validating"/> is true at start-up (the place to check
    /// what exists on disk), false inside an activity.
    /// </summary>
    protected abstract TOptions? ReadOptions(SourceSettings settings, bool validating);

    protected abstract IMetadataSource CreateSource(TOptions options, SourceSettings settings, ConnectorContext context);

    // The connection section reports into the loader's list; the problems of this read are copied to the caller's list too.
    private TOptions? Read(SourceSettings settings, ConfigProblems problems, bool validating)
    {
        var found = settings.Connection.Problems;
        var before = found.Count;
        var options = ReadOptions(settings, validating);
        if (!ReferenceEquals(found, problems))
        {
            for (var i = before; i < found.Count; i++)
            {
                problems.Add(found[i]);
            }
        }

        return options;
    }
}
