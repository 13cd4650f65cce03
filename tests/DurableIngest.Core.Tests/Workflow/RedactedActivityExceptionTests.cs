using System.Net.Sockets;
using DurableIngest.Failures;
using DurableIngest.Secrets;
using DurableIngest.Workflow;

namespace DurableIngest.Core.Tests.Workflow;

public sealed class RedactedActivityExceptionTests
{
    private static readonly SecretRedactor Redactor = new(["hunter2-secret"]);

    [Fact]
    public void From_MessageQuotingASecret_MasksItInMessageAndErrorMessage()
    {
        var failure = RedactedActivityException.From(new InvalidOperationException("login with hunter2-secret refused"), Redactor);

        Assert.Equal("login with *** refused", failure.ErrorMessage);
        Assert.Equal("InvalidOperationException: login with *** refused", failure.Message);
    }

    [Fact]
    public void From_ExceptionWithInnerExceptions_HasNoInnerException()
    {
        var original = new TransientException("connection reset", new IOException("reading hunter2-secret", new SocketException(104)));

        var failure = RedactedActivityException.From(original, Redactor);

        Assert.Null(failure.InnerException);
    }

    [Fact]
    public void From_AnyException_KeepsItsShortTypeName()
    {
        var failure = RedactedActivityException.From(new KeyNotFoundException("no such table"), Redactor);

        Assert.Equal(nameof(KeyNotFoundException), failure.ErrorType);
    }

    [Fact]
    public void From_TransientFailure_StaysTransient()
    {
        // Transient by its inner exception only: the classification is kept though the inner exception is dropped.
        var failure = RedactedActivityException.From(new IOException("broken pipe", new SocketException(32)), Redactor);

        Assert.True(failure.IsTransient);
        Assert.True(ErrorClassifier.IsTransient(failure));
    }

    [Fact]
    public void From_PermanentFailure_StaysPermanent()
    {
        var failure = RedactedActivityException.From(new InvalidOperationException("permission denied"), Redactor);

        Assert.False(failure.IsTransient);
        Assert.False(ErrorClassifier.IsTransient(failure));
    }

    [Fact]
    public void From_AlreadyRedacted_KeepsTypeAndTransienceAndMasksAgain()
    {
        var inner = new RedactedActivityException("TransientException", "reset by hunter2-secret", isTransient: true);

        var failure = RedactedActivityException.From(inner, Redactor);

        Assert.Equal(("TransientException", "reset by ***", true), (failure.ErrorType, failure.ErrorMessage, failure.IsTransient));
    }

    [Fact]
    public void TryDecode_MessageHoldingTheSeparator_SplitsAtTheFirstOne()
    {
        var failure = new RedactedActivityException("PostgresException", "28P01: password authentication failed: user \"ingest\"", isTransient: false);

        Assert.True(RedactedActivityException.TryDecode(failure.Message, out var type, out var message));
        Assert.Equal(("PostgresException", "28P01: password authentication failed: user \"ingest\""), (type, message));
    }

    [Fact]
    public void Constructor_ErrorTypeHoldingTheSeparator_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new RedactedActivityException("Not: a type", "x", isTransient: false));

        Assert.Contains("short name", error.Message, StringComparison.Ordinal);
    }
}
