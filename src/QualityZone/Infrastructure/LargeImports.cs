namespace QualityZone.Infrastructure;

/// <summary>
/// After a large import (a return workbook of 100,000 lines, 2,000 enterprises, a feed of 10,000 notices) or a large
/// document (an acceptance dossier of thousands of files, its catalogue of as many rows) its rows,
/// entities and buffers are garbage in the oldest generation, which the GC keeps committed until it next collects that
/// generation whole: the next large import then starts from there (three 100,000-line imports in a row peaked at 419 MiB
/// with the server GC; issue 22.6, memory ≤ 400 MB, docs/benchmarks.md). One compacting collection after such an import gives the
/// memory back — a pause of tens of milliseconds, once per large file.
/// </summary>
public static class LargeImports
{
    public static void GiveMemoryBack() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
