using Xunit;

namespace DurableIngest.Configuration;

public class RelativePathBaseTests
{
    private const string Setting = "DURABLE_INGEST_BASE_PATH";
    private static readonly string AppFolder = Path.Combine(Path.GetTempPath(), "app");

    [Fact]
    public void Resolve_RelativePath_IsUnderTheDirectory()
    {
        var paths = new RelativePathBase(AppFolder, "the app folder", "move it");

        Assert.Equal(Path.Combine(AppFolder, "examples", "warehouse.db"), paths.Resolve("examples/warehouse.db"));
        Assert.Equal(Path.Combine(AppFolder, "catalog"), paths.Resolve("./catalog"));
    }

    [Fact]
    public void Resolve_AbsolutePath_IsUnchanged()
    {
        var paths = new RelativePathBase(AppFolder, "the app folder", "move it");
        var absolute = Path.Combine(Path.GetTempPath(), "elsewhere", "warehouse.db");

        Assert.Equal(absolute, paths.Resolve(absolute));
        Assert.Equal(absolute, paths.Describe(absolute));
        Assert.Equal("fix the path", paths.Remedies(absolute));
    }

    [Fact]
    public void Describe_RelativePath_NamesTheResolvedPathTheBaseAndItsOrigin()
    {
        var paths = new RelativePathBase(AppFolder, "the app folder", "move it");

        Assert.Equal(
            $"{Path.Combine(AppFolder, "data.db")}; relative paths resolve against {AppFolder}, the app folder",
            paths.Describe("data.db"));
        Assert.Equal("fix the path, use an absolute path, or move it", paths.Remedies("data.db"));
    }

    [Fact]
    public void Constructor_RelativeDirectory_Throws()
    {
        var e = Assert.Throws<ArgumentException>(() => new RelativePathBase("bin/app", "the app folder", "move it"));

        Assert.Contains("'bin/app'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CurrentDirectory_IsTheProcessCurrentDirectory()
    {
        var paths = RelativePathBase.CurrentDirectory();

        Assert.Equal(Path.TrimEndingDirectorySeparator(Environment.CurrentDirectory), paths.Directory);
        Assert.Equal("the current directory", paths.Origin);
    }

    [Fact]
    public void FromSetting_NotSet_IsTheDefaultAndSaysToSetIt()
    {
        var paths = RelativePathBase.FromSetting(Setting, _ => null, AppFolder, "the app folder");

        Assert.Equal(AppFolder, paths.Directory);
        Assert.Equal($"the app folder, as {Setting} is not set", paths.Origin);
        Assert.Equal($"set {Setting}", paths.Remedy);
    }

    [Fact]
    public void FromSetting_Absolute_IsThatFolder()
    {
        var data = Path.Combine(Path.GetTempPath(), "data");

        var paths = RelativePathBase.FromSetting(Setting, name => name == Setting ? data : null, AppFolder, "the app folder");

        Assert.Equal((data, $"set by {Setting}", $"change {Setting}"), (paths.Directory, paths.Origin, paths.Remedy));
    }

    [Fact]
    public void FromSetting_Relative_ResolvesAgainstTheDefault()
    {
        var paths = RelativePathBase.FromSetting(Setting, _ => "site/data ", AppFolder, "the app folder");

        Assert.Equal(Path.Combine(AppFolder, "site", "data"), paths.Directory);
    }

    [Fact]
    public void FromSetting_Unusable_ThrowsNamingTheSettingAndItsValue()
    {
        var e = Assert.Throws<ConfigException>(() => RelativePathBase.FromSetting(Setting, _ => "bad\0path", AppFolder, "the app folder"));

        var problem = Assert.Single(e.Problems);
        Assert.Equal(Setting, problem.Path);
        Assert.Contains("'bad\0path' is not a usable folder path", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("catalog", null)]
    [InlineData("./a/../catalog", null)]
    [InlineData("/srv/ingest/catalog", null)]
    [InlineData("../escape", "'../escape' resolves to /srv/escape, outside /srv/ingest (the workflow root)")]
    [InlineData("/etc/passwd", "'/etc/passwd' resolves to /etc/passwd, outside /srv/ingest")]
    [InlineData("/srv/ingest-other/x", "outside /srv/ingest")]
    public void Refusal_Confined_RefusesOnlyPathsLeavingTheFolder(string path, string? refusal)
    {
        var paths = new RelativePathBase("/srv/ingest", "the workflow root", "start with another root") { Confined = true };

        var actual = paths.Refusal(path);

        if (refusal is null)
        {
            Assert.Null(actual);
        }
        else
        {
            Assert.Contains(refusal, actual, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Refusal_NotConfined_AllowsAnyPath()
    {
        Assert.Null(new RelativePathBase("/srv/ingest", "the current directory", "run elsewhere").Refusal("../../etc/passwd"));
    }
}
