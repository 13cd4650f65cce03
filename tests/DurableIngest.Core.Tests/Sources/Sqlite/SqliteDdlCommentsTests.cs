using Xunit;

namespace DurableIngest.Sources.Sqlite;

public class SqliteDdlCommentsTests
{
    [Fact]
    public void Parse_CommentAfterOpeningParenthesis_IsTheTableDescription()
    {
        var comments = SqliteDdlComments.Parse("""
            CREATE TABLE customers ( -- People who bought at least once
                customer_id INTEGER PRIMARY KEY
            )
            """);

        Assert.Equal("People who bought at least once", comments.TableDescription);
        Assert.Empty(comments.ColumnDescriptions);
    }

    [Fact]
    public void Parse_CommentBeforeOpeningParenthesis_IsTheTableDescription()
    {
        var comments = SqliteDdlComments.Parse("""
            CREATE TABLE dim_date /* Calendar dimension */
            (
                date_key INTEGER PRIMARY KEY -- yyyymmdd
            )
            """);

        Assert.Equal("Calendar dimension", comments.TableDescription);
        Assert.Equal("yyyymmdd", comments.ColumnDescriptions["date_key"]);
    }

    [Fact]
    public void Parse_CommentTrailingAColumn_DescribesThatColumnWhereverTheCommaIs()
    {
        var comments = SqliteDdlComments.Parse("""
            CREATE TABLE t (
                a INTEGER, -- after the comma
                b TEXT -- before a leading comma
                , c TEXT /* block comment */,
                d TEXT NOT NULL -- last column
            )
            """);

        Assert.Equal(
            new Dictionary<string, string> { ["a"] = "after the comma", ["b"] = "before a leading comma", ["c"] = "block comment", ["d"] = "last column" },
            comments.ColumnDescriptions);
    }

    [Fact]
    public void Parse_CommentOnALineOfItsOwn_DescribesNothing()
    {
        var comments = SqliteDdlComments.Parse("""
            CREATE TABLE t (
                -- could be about a or b
                a INTEGER,
                -- could be about a or b
                b INTEGER
            )
            """);

        Assert.Null(comments.TableDescription);
        Assert.Empty(comments.ColumnDescriptions);
    }

    [Fact]
    public void Parse_QuotedAndAwkwardColumnNames_AreMatchedUnquoted()
    {
        var comments = SqliteDdlComments.Parse(""""
            CREATE TABLE "sales.2024" (
                "net.amount" DECIMAL(12, 2), -- dotted
                [unit price] REAL, -- bracketed
                `Straße` TEXT, -- backticked
                "say ""hi""" TEXT, -- doubled quotes
                CONSTRAINT pk PRIMARY KEY ("net.amount") -- a constraint, not a column
            )
            """");

        Assert.Equal(
            new Dictionary<string, string> { ["net.amount"] = "dotted", ["unit price"] = "bracketed", ["Straße"] = "backticked", ["say \"hi\""] = "doubled quotes" },
            comments.ColumnDescriptions);
    }

    [Fact]
    public void Parse_CommentsInsideNestedParenthesesAndStrings_AreNotMistaken()
    {
        var comments = SqliteDdlComments.Parse("""
            CREATE TABLE t (
                a TEXT DEFAULT '-- not a comment', -- the real one
                b INTEGER CHECK (b > 0 -- inside the check
                ), c INTEGER
            )
            """);

        Assert.Equal("the real one", comments.ColumnDescriptions["a"]);
        Assert.False(comments.ColumnDescriptions.ContainsKey("b"));
        Assert.False(comments.ColumnDescriptions.ContainsKey("c"));
    }

    [Fact]
    public void Parse_ViewComments_BeforeOrRightAfterAs_DescribeTheView()
    {
        Assert.Equal("Before AS", SqliteDdlComments.Parse("CREATE VIEW v -- Before AS\nAS SELECT 1").TableDescription);
        Assert.Equal("After AS", SqliteDdlComments.Parse("CREATE VIEW v AS -- After AS\nSELECT 1").TableDescription);
        Assert.Null(SqliteDdlComments.Parse("CREATE VIEW v AS\n-- inside the query\nSELECT 1").TableDescription);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("CREATE VIRTUAL TABLE docs USING fts5(body) -- not parsed")]
    [InlineData("CREATE INDEX ix ON t (a) -- an index")]
    public void Parse_NothingToDescribe_GivesNone(string? sql)
    {
        var comments = SqliteDdlComments.Parse(sql);

        Assert.Null(comments.TableDescription);
        Assert.Empty(comments.ColumnDescriptions);
    }
}
