using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Enterprises;

/// <summary>
/// 统一社会信用代码 (GB 32100-2015): 18 characters — registration authority (1), type (1), administrative
/// division (6), the organization code (9, GB 11714-1997, with its own check character) and a check character mod 31.
/// </summary>
public static class CreditCode
{
    // GB 32100-2015 code alphabet: digits and capitals without I, O, Z, S, V.
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static readonly int[] Weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    // GB 11714-1997: weights of the organization code's eight body characters.
    private static readonly int[] OrganizationWeights = [3, 7, 9, 10, 5, 8, 4, 2];

    public enum Check { Valid, Malformed, CheckCharacter, OrganizationCode }

    public static char CheckCharacter(ReadOnlySpan<char> first17)
    {
        if (first17.Length != 17) throw new ArgumentException("17 characters expected", nameof(first17));
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var value = Alphabet.IndexOf(first17[i]);
            if (value < 0) throw new ArgumentException($"'{first17[i]}' is not a GB 32100 code character", nameof(first17));
            sum += value * Weights[i];
        }
        return Alphabet[(31 - sum % 31) % 31];
    }

    /// <summary>
    /// The organization code's check character (GB 11714): C9 = 11 − (Σ Ci·Wi mod 11), 10 written X and 11 written 0;
    /// a digit counts its value and a letter 10 (A) to 35 (Z).
    /// </summary>
    public static char OrganizationCheckCharacter(ReadOnlySpan<char> body8)
    {
        if (body8.Length != 8) throw new ArgumentException("8 characters expected", nameof(body8));
        var sum = 0;
        for (var i = 0; i < 8; i++)
        {
            var c = body8[i];
            var value = char.IsAsciiDigit(c) ? c - '0' : char.IsAsciiLetterUpper(c) ? c - 'A' + 10 : throw new ArgumentException($"'{c}' is not an organization code character", nameof(body8));
            sum += value * OrganizationWeights[i];
        }
        return (11 - sum % 11) switch { 10 => 'X', 11 => '0', var n => (char)('0' + n) };
    }

    /// <summary>A full code from its first 16 characters: both check characters computed (for generated demo and test data).</summary>
    public static string Complete(string first16)
    {
        if (first16.Length != 16) throw new ArgumentException("16 characters expected", nameof(first16));
        var first17 = first16 + OrganizationCheckCharacter(first16.AsSpan(8, 8));
        return first17 + CheckCharacter(first17);
    }

    public static Check Inspect(string? code)
    {
        if (code is null || code.Length != 18) return Check.Malformed;
        foreach (var c in code) if (Alphabet.IndexOf(c) < 0) return Check.Malformed;
        if (CheckCharacter(code.AsSpan(0, 17)) != code[17]) return Check.CheckCharacter;
        return OrganizationCheckCharacter(code.AsSpan(8, 8)) == code[16] ? Check.Valid : Check.OrganizationCode;
    }

    public static bool IsValid(string? code) => Inspect(code) == Check.Valid;

    /// <summary>Why a code is refused, in the user's language; null when it is valid.</summary>
    public static string? Problem(string? code) => Inspect(code) switch
    {
        Check.Valid => null,
        Check.Malformed when code?.Length != 18 => Text.Get("统一社会信用代码应为 18 位"),
        Check.Malformed => Text.Get("统一社会信用代码只能包含数字和大写字母（不含 I、O、Z、S、V）"),
        Check.CheckCharacter => Text.Get("统一社会信用代码校验位不正确（GB 32100-2015）"),
        _ => Text.Get("统一社会信用代码中的组织机构代码校验位不正确（第 9–17 位，GB 11714）"),
    };
}
