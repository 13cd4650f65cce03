using System.Text.Json.Nodes;

namespace DurableIngest.Infra;

/// <summary>infra/main.parameters.json fits infra/main.bicep, checked by hand and by <c>bicep build-params</c>.</summary>
[Collection(CompiledMainBicepGroup.Name)]
public sealed class MainParametersTests(CompiledMainBicep compiled)
{
    private static string ParametersFile => Path.Combine(Repository.Infra, "main.parameters.json");

    private static JsonObject FileParameters() =>
        JsonNode.Parse(File.ReadAllText(ParametersFile))!["parameters"]!.AsObject();

    [Fact]
    public void ParametersFile_EveryParameter_IsDeclaredInTheTemplate()
    {
        var declared = compiled.Template["parameters"]!.AsObject().Select(parameter => parameter.Key).ToHashSet();
        var undeclared = FileParameters().Select(parameter => parameter.Key).Where(name => !declared.Contains(name)).ToList();
        Assert.True(undeclared.Count == 0, $"main.parameters.json sets parameters main.bicep lacks: {string.Join(", ", undeclared)}");
    }

    [Fact]
    public void ParametersFile_RequiredParametersLeftOut_AreOnlyTheSecurePgPassword()
    {
        // infra/README.md: pgPassword is passed on the command line, never kept in the parameters file.
        var inFile = FileParameters().Select(parameter => parameter.Key).ToHashSet();
        var leftOut = compiled.Template["parameters"]!.AsObject()
            .Where(parameter => parameter.Value!["defaultValue"] is null && !inFile.Contains(parameter.Key))
            .Select(parameter => parameter.Key).ToList();
        Assert.Equal(["pgPassword"], leftOut);
        Assert.Equal("securestring", (string?)compiled.Parameter("pgPassword")["type"]);
        Assert.DoesNotContain("pgPassword", inFile);
    }

    [Fact]
    public async Task BuildParams_ParametersFileWithPgPassword_ExitsZeroWithoutDiagnostics()
    {
        // bicep build-params reads .bicepparam files only: turn the JSON file into one (bicep decompile-params, pointed
        // at main.bicep), add the secure parameter the deployment passes on the command line, and let the compiler check
        // every name, type, @allowed and @minValue/@maxValue against the template.
        var folder = compiled.Folder;
        var bicepParam = Path.Combine(folder, "main.bicepparam");
        var decompiled = await BicepCli.RunAsync(folder,
            "decompile-params", ParametersFile, "--bicep-file", CompiledMainBicep.Source, "--outfile", bicepParam, "--force");
        Assert.True(decompiled.ExitCode == 0, $"bicep decompile-params exited {decompiled.ExitCode}:\n{decompiled.Error}");
        await File.AppendAllTextAsync(bicepParam, "\nparam pgPassword = 'placeholder-not-a-secret'\n");

        var output = Path.Combine(folder, "main.parameters.built.json");
        var built = await BicepCli.RunAsync(folder, "build-params", bicepParam, "--outfile", output, "--no-restore");
        var diagnostics = (built.Output + built.Error).Trim();
        Assert.True(built.ExitCode == 0, $"bicep build-params exited {built.ExitCode}:\n{diagnostics}\n{await File.ReadAllTextAsync(bicepParam)}");
        Assert.True(diagnostics.Length == 0, $"bicep build-params reported diagnostics:\n{diagnostics}");

        var values = JsonNode.Parse(await File.ReadAllTextAsync(output))!["parameters"]!.AsObject();
        foreach (var (name, parameter) in FileParameters())
        {
            Assert.True(JsonNode.DeepEquals(parameter!["value"], values[name]?["value"]), $"{name} changed on its way through build-params");
        }
    }
}
