using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace QualityZone.Infrastructure.Data;

/// <summary>
/// The data-protection key ring (cookies, antiforgery tokens) in the platform's database, shared by
/// every instance — the table EF's key store created ("DataProtectionKeys"), read and written as
/// plain SQL. The host loads the key ring before it listens; through EF that waited for the model
/// to be built (about two seconds; issue 22: start-up), through one query it does not.
/// </summary>
public sealed class SqlKeyRepository(RawSql sql) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = sql.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var command = sql.Command(connection, """SELECT "Xml" FROM "DataProtectionKeys" WHERE "Xml" IS NOT NULL ORDER BY "Id" """, []);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read()) elements.Add(XElement.Parse(reader.GetString(0)));
        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = sql.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        using var command = sql.Command(connection, """INSERT INTO "DataProtectionKeys" ("FriendlyName", "Xml") VALUES (@name, @xml)""",
            [("@name", friendlyName), ("@xml", element.ToString(SaveOptions.DisableFormatting))]);
        command.ExecuteNonQuery();
    }
}
