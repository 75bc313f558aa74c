using QualityZone.Features.Enterprises;

namespace QualityZone.Tests.Features.Enterprises;

public sealed class CreditCodeTests
{
    [Theory]
    // The example often cited from GB 32100-2015, and codes whose check character was computed
    // independently (a separate script) for this test.
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000802100433B")]
    [InlineData("91310000MA1FL5LX3K")]
    public void Accepts_valid_codes(string code) => Assert.True(CreditCode.IsValid(code));

    [Theory]
    [InlineData("91350100M000100Y44")] // wrong check character
    [InlineData("9133020014406958")]   // too short
    [InlineData("91350100M0O0100Y43")] // letter O is not in the alphabet
    [InlineData("")]
    public void Rejects_invalid_codes(string code) => Assert.False(CreditCode.IsValid(code));

    [Fact]
    public void Computes_the_check_character() => Assert.Equal('3', CreditCode.CheckCharacter("91350100M000100Y4"));
}
