namespace QualityZone.Features.Portal;

/// <summary>
/// The zone's bilingual search vocabulary: Chinese words a reader types and the English words the foreign notices use
/// (and the reverse). It does two jobs in <see cref="SearchQuery"/>: it splits a Chinese phrase typed without spaces
/// into words (电磁阀能效 → 电磁阀 + 能效, matched in any order), and a word found in it also matches its translation,
/// so 电磁阀 finds the EU's English TBT notification on solenoid valves.
/// Sources: fluid-power terms from GB/T 17446—2024 《流体传动系统及元件 词汇》 (ISO 5598:2020, Fluid power systems and
/// components — Vocabulary); regulation and trade terms as the WTO/TBT notification and enquiry centre of China and the
/// EU's Chinese summaries name them (e.g. (EU) 2023/1230 《机械法规》, Directive 2014/68/EU 《承压设备指令》).
/// </summary>
public static class SearchGlossary
{
    // <data>
    private static readonly (string Chinese, string[] English)[] Terms =
    [
        // 元件 (GB/T 17446 / ISO 5598)
        ("气动", ["pneumatic"]), ("液压", ["hydraulic", "oleohydraulic"]), ("流体传动", ["fluid power"]),
        ("阀", ["valve"]), ("阀门", ["valve"]), ("电磁阀", ["solenoid valve"]), ("换向阀", ["directional valve", "directional control valve"]),
        ("方向阀", ["directional valve"]), ("气控阀", ["pilot valve", "air operated valve"]), ("减压阀", ["pressure regulator", "reducing valve"]),
        ("调压阀", ["pressure regulator"]), ("溢流阀", ["relief valve"]), ("安全阀", ["safety valve"]), ("单向阀", ["check valve", "non-return valve"]),
        ("节流阀", ["throttle valve", "flow control valve"]), ("球阀", ["ball valve"]), ("气缸", ["cylinder"]), ("气动执行器", ["pneumatic actuator"]),
        ("执行器", ["actuator"]), ("气爪", ["gripper"]), ("接头", ["fitting", "connector", "coupling"]), ("快插接头", ["push-in fitting", "push in fitting"]),
        ("快速接头", ["quick coupling", "quick connector"]), ("软管", ["hose"]), ("气管", ["tubing", "air hose"]), ("过滤器", ["filter"]),
        ("油雾器", ["lubricator"]), ("气源处理", ["air preparation", "filter regulator"]), ("密封", ["seal"]), ("密封件", ["seal"]), ("密封圈", ["seal ring", "o-ring"]),
        ("压缩空气", ["compressed air"]), ("真空", ["vacuum"]), ("传感器", ["sensor"]), ("消声器", ["silencer", "muffler"]), ("气动工具", ["pneumatic tool", "air tool"]),
        ("冲击扳手", ["impact wrench"]), ("空压机", ["air compressor"]), ("压缩机", ["compressor"]), ("泄漏", ["leakage", "leak"]), ("泄漏量", ["leakage"]),
        ("压力", ["pressure"]), ("能效", ["energy efficiency", "energy-efficiency"]), ("能耗", ["energy consumption"]), ("生态设计", ["ecodesign"]),
        // 法规与贸易措施
        ("召回", ["recall"]), ("通报", ["notification"]), ("技术性贸易措施", ["technical barriers to trade", "tbt"]), ("技术法规", ["technical regulation"]),
        ("法规", ["regulation"]), ("指令", ["directive"]), ("标准", ["standard"]), ("机械法规", ["machinery regulation"]), ("机械指令", ["machinery directive"]),
        ("承压设备", ["pressure equipment"]), ("低电压", ["low voltage"]), ("电磁兼容", ["electromagnetic compatibility", "emc"]),
        ("有害物质", ["hazardous substances"]), ("认证", ["certification"]), ("合格评定", ["conformity assessment"]), ("标签", ["label", "labelling"]),
        ("技术文件", ["technical documentation"]), ("使用说明", ["instructions"]), ("安全部件", ["safety component"]), ("评议", ["comment"]),
        ("火灾", ["fire"]), ("烧伤", ["burn"]), ("触电", ["electric shock"]), ("窒息", ["choking"]), ("受伤", ["injury"]), ("电池", ["battery"]),
        ("欧盟", ["european union", "eu"]), ("美国", ["united states", "usa"]), ("俄罗斯", ["russian federation", "russia"]), ("欧亚经济联盟", ["eurasian economic union", "eaeu"]),
    ];
    // </data>

    /// <summary>Chinese word → its English equivalents (each a phrase of one or more words).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> EnglishOf = Terms.GroupBy(t => t.Chinese).ToDictionary(g => g.Key, g => g.SelectMany(t => t.English).Distinct().ToArray());

    /// <summary>English phrase (lower case, words as <see cref="SearchQuery.Stem"/> leaves them, joined by a space) → the Chinese words that translate it.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ChineseOf = Terms
        .SelectMany(t => t.English.Select(e => (Key: string.Join(' ', SearchQuery.Words(e).Select(SearchQuery.Stem)), t.Chinese)))
        .GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Select(p => p.Chinese).Distinct().ToArray());

    /// <summary>The longest Chinese glossary word, in characters (how far the splitter looks ahead).</summary>
    public static readonly int LongestChinese = Terms.Max(t => t.Chinese.Length);

    /// <summary>The most words of an English glossary phrase.</summary>
    public static readonly int LongestEnglish = ChineseOf.Keys.Max(k => k.Split(' ').Length);
}
