namespace DurableIngest.RunStore;

/// <summary>
/// A run store that also keeps append-only documents: records added in order to one document, each in the store when
/// <see cref="IRunStoreAppender.AppendAsync"/> returns (seen by every later read, and kept if the writing process dies).
/// The local runtime journals into one such document per session where the store offers it, instead of one document
/// per step: on a local disk that is one write per step instead of a file created and renamed per step.
/// </summary>
public interface IAppendOnlyRunStore : IRunStore
{
    /// <summary>Creates the document <paramref name="key"/>, which must not exist yet, and returns the writer that appends to it.</summary>
    Task<IRunStoreAppender> CreateAppendOnlyAsync(string key, CancellationToken cancellationToken);
}
