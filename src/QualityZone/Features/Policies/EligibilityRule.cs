using System.Globalization;
using QualityZone.Infrastructure;
using QualityZone.Infrastructure.Localization;

namespace QualityZone.Features.Policies;

public enum CriterionType { Number, Text, Bool }

/// <summary>A fact about an enterprise a rule can test: its code, type, what it means and where the platform takes it from.</summary>
public sealed record Criterion(string Code, CriterionType Type, string Name, string Source);

/// <summary>One comparison of a rule evaluated for one enterprise: the value found, whether it passed.</summary>
public sealed record CriterionCheck(string Code, string Name, string Source, string Condition, string Value, bool Passed);

/// <summary>
/// The rule language of reward eligibility and facilitation conditions: comparisons of the criteria of
/// <see cref="EnterpriseFacts.Criteria"/> joined by AND / OR / NOT (且 / 或 / 非) and parentheses, e.g.
/// <c>grade in (A, B) and notifications_12m = 0 and (cnas_lab or standards_drafted >= 1)</c>. A rule is parsed and
/// type-checked when saved (an unknown criterion, a number compared with text, a text compared by size are refused
/// with the reason), so it can never fail when it is evaluated. Every comparison is evaluated, not only until the
/// answer is known, so an enterprise sees every criterion it meets and misses.
/// </summary>
public sealed class EligibilityRule
{
    private abstract record Node;
    private sealed record And(Node Left, Node Right) : Node;
    private sealed record Or(Node Left, Node Right) : Node;
    private sealed record Not(Node Inner) : Node;
    private sealed record Compare(Criterion Criterion, string Op, IReadOnlyList<string> Values) : Node;

    private readonly Node root;
    public string Text { get; }
    public IReadOnlyList<Criterion> Criteria { get; }

    private EligibilityRule(string text, Node root, IReadOnlyList<Criterion> criteria) => (Text, this.root, Criteria) = (text, root, criteria);

    /// <summary>Parses and type-checks a rule; the error is localized and names what is wrong.</summary>
    public static EligibilityRule Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new BusinessRuleException(Infrastructure.Localization.Text.Get("请填写条件规则"));
        var parser = new Parser(Tokenize(text));
        var node = parser.Expression();
        if (!parser.AtEnd) throw new BusinessRuleException(Infrastructure.Localization.Text.Format("规则在“{0}”处无法识别", parser.Current));
        return new EligibilityRule(text.Trim(), node, parser.Used.Distinct().ToList());
    }

    public static bool TryParse(string? text, out EligibilityRule? rule, out string? error)
    {
        try { (rule, error) = (Parse(text), null); return true; }
        catch (BusinessRuleException ex) { (rule, error) = (null, ex.Message); return false; }
    }

    /// <summary>Whether the facts meet the rule, and each comparison with its value (in rule order).</summary>
    public (bool Passed, IReadOnlyList<CriterionCheck> Checks) Evaluate(IReadOnlyDictionary<string, object?> facts)
    {
        var checks = new List<CriterionCheck>();
        var passed = Eval(root, facts, checks);
        return (passed, checks);
    }

    private static bool Eval(Node node, IReadOnlyDictionary<string, object?> facts, List<CriterionCheck> checks)
    {
        switch (node)
        {
            case And a: { var l = Eval(a.Left, facts, checks); var r = Eval(a.Right, facts, checks); return l && r; }
            case Or o: { var l = Eval(o.Left, facts, checks); var r = Eval(o.Right, facts, checks); return l || r; }
            case Not n: return !Eval(n.Inner, facts, checks);
            case Compare c:
                facts.TryGetValue(c.Criterion.Code, out var value);
                var passed = Test(c, value);
                checks.Add(new CriterionCheck(c.Criterion.Code, Infrastructure.Localization.Text.Get(c.Criterion.Name), Infrastructure.Localization.Text.Get(c.Criterion.Source),
                    Condition(c), Display(value), passed));
                return passed;
            default: throw new InvalidOperationException(node.ToString());
        }
    }

    private static bool Test(Compare c, object? value)
    {
        switch (c.Criterion.Type)
        {
            case CriterionType.Bool:
                var b = value as bool? ?? false;
                return c.Op == "!=" ? b != ParseBool(c.Values[0]) : b == ParseBool(c.Values[0]);
            case CriterionType.Text:
                var s = value as string;
                var any = s is not null && c.Values.Any(v => string.Equals(v, s, StringComparison.OrdinalIgnoreCase));
                return c.Op is "!=" or "not in" ? !any : any;
            default:
                if (value is not decimal d) return false;
                var x = decimal.Parse(c.Values[0], CultureInfo.InvariantCulture);
                return c.Op switch { "=" => d == x, "!=" => d != x, ">" => d > x, ">=" => d >= x, "<" => d < x, "<=" => d <= x, _ => false };
        }
    }

    private static string Condition(Compare c) => c.Criterion.Type == CriterionType.Bool && c.Op == "=" && ParseBool(c.Values[0])
        ? Infrastructure.Localization.Text.Get("是")
        : c.Op is "in" or "not in" ? $"{(c.Op == "in" ? "∈" : "∉")} {{{string.Join(", ", c.Values)}}}"
        : $"{c.Op} {(c.Criterion.Type == CriterionType.Bool ? Infrastructure.Localization.Text.Get(ParseBool(c.Values[0]) ? "是" : "否") : c.Values[0])}";

    public static string Display(object? value) => value switch
    {
        null => Infrastructure.Localization.Text.Get("无数据"),
        bool b => Infrastructure.Localization.Text.Get(b ? "是" : "否"),
        decimal d => d.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static bool ParseBool(string v) => v.ToLowerInvariant() is "true" or "yes" or "是" or "1";

    // Tokens: words (criteria, values), numbers, quoted text, operators and parentheses.
    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            var ch = text[i];
            if (char.IsWhiteSpace(ch) || ch == ',' || ch == '，') { if (ch is ',' or '，') tokens.Add(","); i++; continue; }
            if (ch is '(' or ')' or '（' or '）') { tokens.Add(ch is '(' or '（' ? "(" : ")"); i++; continue; }
            if (ch is '>' or '<' or '!' or '=' or '≥' or '≤' or '≠')
            {
                var op = ch switch { '≥' => ">=", '≤' => "<=", '≠' => "!=", _ => i + 1 < text.Length && text[i + 1] == '=' ? $"{ch}=" : ch.ToString() };
                if (op == "==") op = "=";
                if (op == "!") throw new BusinessRuleException(Infrastructure.Localization.Text.Get("“!”后应为“=”"));
                i += op.Length > 1 && ch is not ('≥' or '≤' or '≠') ? 2 : 1;
                tokens.Add(op);
                continue;
            }
            if (ch is '"' or '“' or '\'')
            {
                var close = ch == '“' ? '”' : ch;
                var end = text.IndexOf(close, i + 1);
                if (end < 0) throw new BusinessRuleException(Infrastructure.Localization.Text.Get("引号没有闭合"));
                tokens.Add("\"" + text[(i + 1)..end]);
                i = end + 1;
                continue;
            }
            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]) && "(),，（）><!=≥≤≠\"“'".IndexOf(text[i]) < 0) i++;
            tokens.Add(text[start..i]);
        }
        return tokens;
    }

    private sealed class Parser(List<string> tokens)
    {
        private int position;
        public List<Criterion> Used { get; } = [];
        public bool AtEnd => position >= tokens.Count;
        public string Current => AtEnd ? "" : tokens[position];

        private bool Keyword(params string[] words)
        {
            if (AtEnd || !words.Any(w => string.Equals(w, tokens[position], StringComparison.OrdinalIgnoreCase))) return false;
            position++;
            return true;
        }

        private string Next()
        {
            if (AtEnd) throw new BusinessRuleException(Infrastructure.Localization.Text.Get("规则不完整"));
            return tokens[position++];
        }

        public Node Expression()
        {
            var node = Term();
            while (Keyword("or", "或")) node = new Or(node, Term());
            return node;
        }

        private Node Term()
        {
            var node = Factor();
            while (Keyword("and", "且", "并且")) node = new And(node, Factor());
            return node;
        }

        private Node Factor()
        {
            if (Keyword("not", "非")) return new Not(Factor());
            if (Keyword("("))
            {
                var inner = Expression();
                if (!Keyword(")")) throw new BusinessRuleException(Infrastructure.Localization.Text.Get("括号没有闭合"));
                return inner;
            }
            return Comparison();
        }

        private Node Comparison()
        {
            var name = Next();
            var criterion = EnterpriseFacts.Find(name)
                ?? throw new BusinessRuleException(Infrastructure.Localization.Text.Format("未知的条件“{0}”", name));
            Used.Add(criterion);
            if (AtEnd || Current is ")" || Current.Equals("and", StringComparison.OrdinalIgnoreCase) || Current.Equals("or", StringComparison.OrdinalIgnoreCase) || Current is "且" or "或" or "并且")
            {
                if (criterion.Type != CriterionType.Bool) throw new BusinessRuleException(Infrastructure.Localization.Text.Format("条件“{0}”缺少比较", criterion.Code));
                return new Compare(criterion, "=", ["true"]);
            }
            var op = Next().ToLowerInvariant();
            if (op == "not" && Keyword("in")) op = "not in";
            if (op is "in" or "not in")
            {
                if (criterion.Type != CriterionType.Text) throw new BusinessRuleException(Infrastructure.Localization.Text.Format("“{0}”不是文字条件，不能用 in", criterion.Code));
                if (!Keyword("(")) throw new BusinessRuleException(Infrastructure.Localization.Text.Get("in 后应为括号中的取值"));
                var values = new List<string>();
                while (!Keyword(")"))
                {
                    var v = Next();
                    if (v == ",") continue;
                    values.Add(Value(v));
                }
                if (values.Count == 0) throw new BusinessRuleException(Infrastructure.Localization.Text.Get("in 后应为括号中的取值"));
                return new Compare(criterion, op, values);
            }
            if (op is not ("=" or "!=" or ">" or ">=" or "<" or "<="))
                throw new BusinessRuleException(Infrastructure.Localization.Text.Format("“{0}”后应为比较符号，而不是“{1}”", criterion.Code, op));
            var raw = Next();
            var value = Value(raw);
            switch (criterion.Type)
            {
                case CriterionType.Number when !raw.StartsWith('"') && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var n):
                    return new Compare(criterion, op, [n.ToString(CultureInfo.InvariantCulture)]);
                case CriterionType.Number:
                    throw new BusinessRuleException(Infrastructure.Localization.Text.Format("“{0}”是数值，不能与“{1}”比较", criterion.Code, value));
                case CriterionType.Text when op is "=" or "!=":
                    if (decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _) && !raw.StartsWith('"'))
                        throw new BusinessRuleException(Infrastructure.Localization.Text.Format("“{0}”是文字，不能与数值“{1}”比较", criterion.Code, value));
                    return new Compare(criterion, op, [value]);
                case CriterionType.Text:
                    throw new BusinessRuleException(Infrastructure.Localization.Text.Format("“{0}”是文字，不能比较大小", criterion.Code));
                default:
                    if (op is not ("=" or "!=") || value.ToLowerInvariant() is not ("true" or "false" or "yes" or "no" or "是" or "否"))
                        throw new BusinessRuleException(Infrastructure.Localization.Text.Format("“{0}”是“是/否”条件，只能等于 true 或 false", criterion.Code));
                    return new Compare(criterion, op, [value]);
            }
        }

        private static string Value(string token) => token.StartsWith('"') ? token[1..] : token;
    }
}

/// <summary>The reasons of an eligibility, written once for pages, the API and the claim's snapshot.</summary>
public static class EligibilityText
{
    public static string Failing(IEnumerable<CriterionCheck> checks) =>
        string.Join(Text.ClauseSeparator, checks.Where(c => !c.Passed).Select(c => $"{c.Name}{Text.Colon}{c.Value}{Text.Aside(c.Condition)}"));

    public static string Snapshot(IEnumerable<CriterionCheck> checks) =>
        System.Text.Json.JsonSerializer.Serialize(checks);

    /// <summary>The checks of a snapshot, named in the reader's language (the snapshot keeps the codes; names are looked up again).</summary>
    public static IReadOnlyList<CriterionCheck> FromSnapshot(string json) =>
        (System.Text.Json.JsonSerializer.Deserialize<List<CriterionCheck>>(json) ?? [])
            .Select(c => EnterpriseFacts.Find(c.Code) is { } k
                ? c with { Name = Text.Get(k.Name), Source = Text.Get(k.Source), Value = YesNo(c.Value), Condition = c.Condition.Split(' ', 2) is [var op, var v] ? $"{op} {YesNo(v)}" : c.Condition }
                : c).ToList();

    // A yes/no fact was written in the language of whoever filed the claim; it is read in the reader's.
    private static string YesNo(string value) => value switch
    {
        // <data>
        "是" or "Yes" => Text.Get("是"),
        "否" or "No" => Text.Get("否"),
        // </data>
        _ => value,
    };

    /// <summary>
    /// Why a grant was flagged, as a message to keep (a notification's body): each reader reads the failing checks in
    /// their own language, as <see cref="Describe"/> renders them.
    /// </summary>
    public static Msg Message(string flagSnapshot)
    {
        var checks = System.Text.Json.JsonSerializer.Deserialize<List<CriterionCheck>>(flagSnapshot) ?? [];
        if (checks.Count == 0) return Msg.Of("企业已不在区内");
        return Msg.Clauses(checks.Select(c => EnterpriseFacts.Find(c.Code) is { } k
            ? Msg.Of("{0}：{1}{2}", Msg.Of(k.Name), YesNoMessage(c.Value), Msg.Aside(c.Condition.Split(' ', 2) is [var op, var v] ? Msg.Of("{0} {1}", op, YesNoMessage(v)) : c.Condition))
            : Msg.Of("{0}：{1}{2}", c.Name, c.Value, Msg.Aside(c.Condition))));
    }

    private static object YesNoMessage(string value) => value switch
    {
        // <data>
        "是" or "Yes" => Msg.Of("是"),
        "否" or "No" => Msg.Of("否"),
        // </data>
        _ => value,
    };

    /// <summary>Why a grant was flagged, from its snapshot of failing checks, in the reader's language.</summary>
    public static string? Describe(string? flagSnapshot) => flagSnapshot is null ? null : Message(flagSnapshot).Render();
}
