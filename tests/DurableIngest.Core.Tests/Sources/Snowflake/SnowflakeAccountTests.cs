using DurableIngest.Sources.Snowflake;

namespace DurableIngest.Core.Tests.Sources.Snowflake;

public sealed class SnowflakeAccountTests
{
    [Theory]
    [InlineData("myorg-myaccount", "myorg-myaccount.snowflakecomputing.com", "MYORG-MYACCOUNT", false)]
    [InlineData("MyOrg-My_Account", "myorg-my-account.snowflakecomputing.com", "MYORG-MY_ACCOUNT", false)]
    [InlineData("myorg-myaccount.privatelink", "myorg-myaccount.privatelink.snowflakecomputing.com", "MYORG-MYACCOUNT", true)]
    [InlineData("xy12345", "xy12345.snowflakecomputing.com", "XY12345", true)]
    [InlineData("xy12345.us-east-2.aws", "xy12345.us-east-2.aws.snowflakecomputing.com", "XY12345", true)]
    [InlineData("xy12345.east-us-2.azure", "xy12345.east-us-2.azure.snowflakecomputing.com", "XY12345", true)]
    [InlineData("xy12345.us-east-1.privatelink", "xy12345.us-east-1.privatelink.snowflakecomputing.com", "XY12345", true)]
    [InlineData("myorg-myaccount.global", "myorg-myaccount.global.snowflakecomputing.com", "MYORG", true)]
    [InlineData("account.region_name.cloud_service", "account.region-name.cloud-service.snowflakecomputing.com", "ACCOUNT", true)]
    public void Parse_EitherIdentifierForm_GivesTheHostAndTheJwtAccount(string identifier, string host, string jwtAccount, bool legacy)
    {
        var account = SnowflakeAccount.Parse(identifier, out var problem);

        Assert.Null(problem);
        Assert.Equal((host, jwtAccount, legacy), (account!.Host, account.JwtAccount, account.IsLegacyLocator));
        Assert.Equal(new Uri($"https://{host}/"), account.DefaultApiBase);
    }

    [Theory]
    [InlineData("https://xy12345.us-east-2.aws.snowflakecomputing.com", "give the account identifier only, 'xy12345.us-east-2.aws'")]
    [InlineData("myorg-myaccount.snowflakecomputing.com/", "give the account identifier only, 'myorg-myaccount'")]
    [InlineData("my org", "not a Snowflake account identifier")]
    [InlineData("-myorg", "not a Snowflake account identifier")]
    [InlineData("xy12345..aws", "not a Snowflake account identifier")]
    public void Parse_NotAnIdentifier_SaysWhatToWriteInstead(string identifier, string expected)
    {
        Assert.Null(SnowflakeAccount.Parse(identifier, out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("compute_wh", "COMPUTE_WH")]
    [InlineData("  Sales  ", "SALES")]
    [InlineData("\"mixed Case\"", "mixed Case")]
    [InlineData("\"say \"\"hi\"\"\"", "say \"hi\"")]
    [InlineData("_x$1", "_X$1")]
    public void Resolve_ConfiguredIdentifier_IsStoredAsSnowflakeStoresIt(string text, string expected)
    {
        Assert.Equal(expected, SnowflakeIdentifier.Resolve(text, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("my-db")]
    [InlineData("1st")]
    [InlineData("\"\"")]
    public void Resolve_NotAnIdentifier_SaysToQuoteIt(string text)
    {
        Assert.Null(SnowflakeIdentifier.Resolve(text, out var problem));
        Assert.Contains("quote", problem, StringComparison.Ordinal);
    }
}
