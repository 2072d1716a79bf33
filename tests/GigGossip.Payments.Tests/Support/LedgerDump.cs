using System.Text;
using Microsoft.Data.Sqlite;

namespace GigGossip.Payments.Tests.Support;

/// <summary>Every row of a ledger file as text, read over a separate connection: equal dumps mean nothing changed.</summary>
internal static class LedgerDump
{
    public static string Of(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        connection.Open();
        var text = new StringBuilder();
        foreach (var table in new[] { "accounts", "invoices", "movements", "meta" })
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM {table} ORDER BY 1";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                text.Append(table).Append(':');
                for (var i = 0; i < reader.FieldCount; i++)
                    text.Append(' ').Append(reader.GetValue(i) switch { byte[] b => Convert.ToHexString(b), var v => v.ToString() });
                text.AppendLine();
            }
        }
        return text.ToString();
    }
}
