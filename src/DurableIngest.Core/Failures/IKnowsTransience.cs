namespace DurableIngest.Failures;

/// <summary>
/// An exception that knows whether it is worth a retry (as Npgsql's exceptions carry <c>IsTransient</c>), so
/// <see cref="ErrorClassifier"/> asks it instead of knowing every connector's exception types.
/// </summary>
public interface IKnowsTransience
{
    bool IsTransient { get; }
}
