using QualityZone.Features.Enterprises;

namespace QualityZone.Tests.Features.Enterprises;

public sealed class CreditCodeTests
{
    [Theory]
    // The example often cited from GB 32100-2015, and codes whose two check characters were computed
    // by hand for this test (organization code: GB 11714 weights 3 7 9 10 5 8 4 2).
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000802100433B")]
    public void Accepts_valid_codes(string code) => Assert.True(CreditCode.IsValid(code));

    [Theory]
    [InlineData("91350100M000100Y44", CreditCode.Check.CheckCharacter)] // wrong check character
    [InlineData("9133020014406958", CreditCode.Check.Malformed)]   // too short
    [InlineData("91350100M0O0100Y43", CreditCode.Check.Malformed)] // letter O is not in the alphabet
    [InlineData("", CreditCode.Check.Malformed)]
    // Passes the GB 32100 check (mod 31) but its organization code MA1FL5LX has check character 4, not 3.
    [InlineData("91310000MA1FL5LX3K", CreditCode.Check.OrganizationCode)]
    public void Rejects_invalid_codes(string code, CreditCode.Check why)
    {
        Assert.False(CreditCode.IsValid(code));
        Assert.Equal(why, CreditCode.Inspect(code));
    }

    [Fact]
    public void Computes_the_check_characters()
    {
        Assert.Equal('3', CreditCode.CheckCharacter("91350100M000100Y4"));
        Assert.Equal('4', CreditCode.OrganizationCheckCharacter("M000100Y"));
        Assert.Equal('4', CreditCode.OrganizationCheckCharacter("MA1FL5LX"));
        // 11 − (Σ mod 11) = 10 is written X, 11 is written 0.
        Assert.Equal('X', CreditCode.OrganizationCheckCharacter("00000006"));
        Assert.Equal('0', CreditCode.OrganizationCheckCharacter("00000000"));
        Assert.True(CreditCode.IsValid(CreditCode.Complete("91310000MA1FL5LX")));
    }
}
