using DurableIngest.Entities;
using DurableIngest.Sources;
using DurableIngest.Workflow.Incremental;
using Xunit;

namespace DurableIngest.Core.Tests.Workflow.Incremental;

public sealed class DeletionPlannerTests
{
    private static readonly SchemaRef Public = new("svc", "db", "public");
    private static readonly SchemaRef Dotted = new("svc", "db", "Sales.EU");
    private static readonly SchemaRef Archive = new("svc", "db", "archive");

    private static Dictionary<string, string> Known(params (SchemaRef Schema, string Name)[] tables) =>
        tables.ToDictionary(t => Fqn.Join(t.Schema.Service, t.Schema.Database, t.Schema.Schema, t.Name), _ => "0123456789abcdef0123456789abcdef");

    private static (SchemaRef, string)[] Named(SchemaRef schema, int count) => [.. Enumerable.Range(0, count).Select(i => (schema, $"t{i}"))];

    private static HashSet<string> Seen(SchemaRef schema, params int[] indexes) =>
        [.. indexes.Select(i => Fqn.Join(schema.Service, schema.Database, schema.Schema, $"t{i}"))];

    [Fact]
    public void Plan_OneOfTenGoneFromAnIngestedSchema_DeletesIt()
    {
        var plan = DeletionPlanner.Plan(Known(Named(Public, 10)), [Public], Seen(Public, 0, 1, 2, 3, 4, 5, 6, 7, 8), [], 20);

        var deleted = Assert.Single(plan.Tables);
        Assert.Equal(("svc.db.public.t9", Public, "t9"), (deleted.FullyQualifiedName, deleted.Schema, deleted.Name));
        Assert.False(plan.Blocked);
        Assert.Null(plan.Warning);
    }

    [Fact]
    public void Plan_ExactlyTheMaximumShareGone_DeletesThem()
    {
        var plan = DeletionPlanner.Plan(Known(Named(Public, 10)), [Public], Seen(Public, 0, 1, 2, 3, 4, 5, 6, 7), [], 20);

        Assert.Equal(2, plan.Tables.Count);
    }

    [Fact]
    public void Plan_MoreThanTheMaximumShareGone_DeletesNothingAndSaysWhy()
    {
        var plan = DeletionPlanner.Plan(Known(Named(Public, 10)), [Public], Seen(Public, 0, 1, 2, 3, 4, 5, 6), [], 20);

        Assert.Empty(plan.Tables);
        Assert.True(plan.Blocked);
        Assert.Equal((3, 10), (plan.Gone, plan.Known));
        Assert.Contains("3 of 10 known tables (30 %)", plan.Warning, StringComparison.Ordinal);
        Assert.Contains("markDeletedTablesMaxPercent (20 %)", plan.Warning, StringComparison.Ordinal);
        Assert.Contains("nothing was deleted", plan.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_TablesOfASchemaNotIngestedThisRun_AreNeitherDeletedNorCounted()
    {
        var known = Known([.. Named(Public, 4), .. Named(Archive, 40)]);

        var plan = DeletionPlanner.Plan(known, [Public], Seen(Public, 0, 1, 2, 3), [], 20);

        Assert.Empty(plan.Tables);
        Assert.Equal((0, 4), (plan.Gone, plan.Known));
    }

    [Fact]
    public void Plan_FailSafeShare_IsOfTheKnownTablesInTheIngestedSchemas()
    {
        // One of four ingested tables is gone (25 %); the forty tables of a schema not ingested do not dilute it.
        var known = Known([.. Named(Public, 4), .. Named(Archive, 40)]);

        var plan = DeletionPlanner.Plan(known, [Public], Seen(Public, 0, 1, 2), [], 20);

        Assert.True(plan.Blocked);
    }

    [Fact]
    public void Plan_TableFilteredOutThisRun_IsKept()
    {
        var plan = DeletionPlanner.Plan(
            Known(Named(Public, 10)), [Public], Seen(Public, 0, 1, 2, 3, 4, 5, 6, 7, 8), [new FilteredEntity("db.public.t9", "excluded by tableFilterPattern")], 20);

        Assert.Empty(plan.Tables);
        Assert.False(plan.Blocked);
    }

    [Fact]
    public void Plan_DottedAndUnicodeNames_AreDeletedByTheirExactParts()
    {
        var known = Known((Dotted, "Straße.Nord"), (Dotted, "café"), (Dotted, "a"), (Dotted, "b"), (Dotted, "c"), (Dotted, "d"));
        var seen = known.Keys.Where(k => !k.Contains("Straße", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);

        var plan = DeletionPlanner.Plan(known, [Dotted], seen, [], 20);

        var deleted = Assert.Single(plan.Tables);
        Assert.Equal((Dotted, "Straße.Nord", "svc.db.\"Sales.EU\".\"Straße.Nord\""), (deleted.Schema, deleted.Name, deleted.FullyQualifiedName));
    }

    [Fact]
    public void Plan_NothingKnown_DeletesNothing()
    {
        var plan = DeletionPlanner.Plan(new Dictionary<string, string>(), [Public], Seen(Public, 0), [], 20);

        Assert.Empty(plan.Tables);
        Assert.False(plan.Blocked);
    }
}
