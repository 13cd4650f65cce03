using DurableIngest.Configuration;

namespace DurableIngest.Functions.Tests;

/// <summary>The app settings are read and checked once at start-up, every problem reported together.</summary>
public sealed class FunctionsSettingsTests
{
    [Fact]
    public void Read_OnlyTheHostStorage_UsesItForTheRunStoreAndTheDocumentedDefaults()
    {
        var settings = FunctionsSettings.Read(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true")));

        Assert.Equal("UseDevelopmentStorage=true", settings.RunStoreConnection);
        Assert.Equal(("durable-ingest", 32, 1_048_576), (settings.RunStoreContainer, settings.DefaultParallelism, settings.MaxRequestBytes));
        Assert.Equal(Path.GetFullPath(AppContext.BaseDirectory), settings.RelativePaths.Directory.TrimEnd('/') + "/");
        Assert.Contains("DURABLE_INGEST_BASE_PATH is not set", settings.RelativePaths.Origin, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_BasePathAndWidthSet_AreUsed()
    {
        var settings = FunctionsSettings.Read(Settings(
            ("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("DURABLE_INGEST_BASE_PATH", "/srv/ingest"), ("DURABLE_INGEST_DEFAULT_PARALLELISM", "64")));

        Assert.Equal(("/srv/ingest", 64), (settings.RelativePaths.Directory, settings.DefaultParallelism));
        Assert.Equal("set by DURABLE_INGEST_BASE_PATH", settings.RelativePaths.Origin);
    }

    [Fact]
    public void Read_SeveralBadSettings_ReportsEveryOneNamingItsValue()
    {
        var error = Assert.Throws<ConfigException>(() => FunctionsSettings.Read(Settings(
            ("AzureWebJobsStorage__accountName", "ingeststore"), ("DURABLE_INGEST_DEFAULT_PARALLELISM", "lots"), ("DURABLE_INGEST_MAX_REQUEST_BYTES", "12"),
            ("DURABLE_INGEST_RUN_STORE_OUTAGE_SECONDS", "-1"))));

        Assert.Equal(
            ["DURABLE_INGEST_RUN_STORE_CONNECTION", "DURABLE_INGEST_MAX_REQUEST_BYTES", "DURABLE_INGEST_DEFAULT_PARALLELISM", "DURABLE_INGEST_RUN_STORE_OUTAGE_SECONDS"],
            error.Problems.Select(p => p.Path));
        Assert.Contains("not 'lots'", error.Problems[2].Message, StringComparison.Ordinal);
        Assert.Contains("not '12'", error.Problems[1].Message, StringComparison.Ordinal);
        Assert.Contains("not '-1'", error.Problems[3].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RunStoreOutageSecondsSet_IsTheRunStoresBudget()
    {
        var settings = FunctionsSettings.Read(Settings(("AzureWebJobsStorage", "UseDevelopmentStorage=true"), ("DURABLE_INGEST_RUN_STORE_OUTAGE_SECONDS", "600")));

        Assert.Equal(TimeSpan.FromMinutes(10), settings.RunStoreResilience.OutageBudget);
    }

    private static Func<string, string?> Settings(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;
}
