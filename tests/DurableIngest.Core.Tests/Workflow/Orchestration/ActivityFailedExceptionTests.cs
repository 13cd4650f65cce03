using DurableIngest.Failures;
using DurableIngest.Secrets;
using DurableIngest.Workflow;
using DurableIngest.Workflow.Orchestration;

namespace DurableIngest.Core.Tests.Workflow.Orchestration;

public sealed class ActivityFailedExceptionTests
{
    [Fact]
    public void FromFailureDetails_RedactedActivityExceptionAsDurableRecordsIt_GivesTheOriginalTypeAndMaskedMessage()
    {
        var thrown = RedactedActivityException.From(new TransientException("connection reset: hunter2-secret"), new SecretRedactor(["hunter2-secret"]));

        var failure = ActivityFailedException.FromFailureDetails(ActivityNames.ProcessChunk, thrown.GetType().FullName!, thrown.Message);

        Assert.Equal(
            (ActivityNames.ProcessChunk, nameof(TransientException), "connection reset: ***"),
            (failure.ActivityName, failure.ErrorType, failure.ErrorMessage));
    }

    [Theory]
    [InlineData("System.InvalidOperationException", "InvalidOperationException")]
    [InlineData("Npgsql.PostgresException", "PostgresException")]
    [InlineData("Some.Namespace.Outer+InnerException", "InnerException")]
    [InlineData("System.Collections.Generic.List`1[[System.Int32, System.Private.CoreLib]]", "List`1")]
    [InlineData("Some.Namespace.Failure, Some.Assembly", "Failure")]
    [InlineData("TransientException", "TransientException")]
    public void FromFailureDetails_OtherTypeName_ShortensItToTheTypesOwnName(string errorType, string expected)
    {
        var failure = ActivityFailedException.FromFailureDetails(ActivityNames.Discover, errorType, "it broke: badly");

        Assert.Equal((expected, "it broke: badly"), (failure.ErrorType, failure.ErrorMessage));
    }

    [Fact]
    public void FromFailureDetails_RedactedTypeWithAMessageThatIsNotEncoded_KeepsTheMessageAsItIs()
    {
        var failure = ActivityFailedException.FromFailureDetails(ActivityNames.Complete, typeof(RedactedActivityException).FullName!, "no separator here");

        Assert.Equal((nameof(RedactedActivityException), "no separator here"), (failure.ErrorType, failure.ErrorMessage));
    }
}
