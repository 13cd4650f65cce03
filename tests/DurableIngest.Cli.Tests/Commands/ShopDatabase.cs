using DurableIngest.Entities;
using DurableIngest.Testing;

namespace DurableIngest.Cli.Tests.Commands;

/// <summary>
/// A PostgreSQL database for end-to-end incremental runs: views and a materialized view, range- and list-partitioned
/// tables (partitions fold into their parent), composite primary and foreign keys (one across schemas), Unicode names
/// and names with dots. <see cref="Scratch"/> is the table a later run drops.
/// </summary>
internal static class ShopDatabase
{
    public const string Service = "local_pg";

    public const string Scratch = "scratch";

    public const string Sql = """
        CREATE SCHEMA shop;
        CREATE SCHEMA "ünïcødé";
        CREATE SCHEMA "Sales.EU";

        CREATE TABLE shop.customers (id int PRIMARY KEY, email varchar(320) NOT NULL UNIQUE, country char(2));
        COMMENT ON TABLE shop.customers IS 'People who buy things';
        CREATE TABLE shop.orders (order_id int PRIMARY KEY, customer_id int NOT NULL REFERENCES shop.customers (id), placed_at timestamptz NOT NULL);
        CREATE TABLE shop.order_lines (
            order_id int REFERENCES shop.orders, line_no int, product text, qty int CHECK (qty > 0),
            PRIMARY KEY (order_id, line_no));
        CREATE TABLE shop.shipments (
            id int PRIMARY KEY, order_id int NOT NULL, line_no int NOT NULL,
            CONSTRAINT shipments_line_fk FOREIGN KEY (order_id, line_no) REFERENCES shop.order_lines (order_id, line_no));
        CREATE TABLE shop.events (id bigint NOT NULL, at date NOT NULL, kind text, PRIMARY KEY (id, at)) PARTITION BY RANGE (at);
        CREATE TABLE shop.events_2024 PARTITION OF shop.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE shop.events_2025 PARTITION OF shop.events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        CREATE TABLE shop.stock (sku text, region text NOT NULL, qty int) PARTITION BY LIST (region);
        CREATE TABLE shop.stock_eu PARTITION OF shop.stock FOR VALUES IN ('eu');
        CREATE VIEW shop.big_orders AS
            SELECT o.order_id, sum(l.qty) AS items FROM shop.orders o JOIN shop.order_lines l USING (order_id) GROUP BY o.order_id;
        CREATE MATERIALIZED VIEW shop.daily_orders AS SELECT placed_at::date AS day, count(*) AS orders FROM shop.orders GROUP BY 1;
        CREATE TABLE shop.scratch (id int, note text);

        CREATE TABLE "ünïcødé"."café" ("naïve" text PRIMARY KEY, "日本語" int, "Größe" numeric(5,2));
        CREATE TABLE "ünïcødé"."Straße.Nord" ("Haus.Nr" int, "Zeile" int, PRIMARY KEY ("Haus.Nr", "Zeile"));
        CREATE VIEW "ünïcødé"."vue_été" AS SELECT "naïve" FROM "ünïcødé"."café";

        CREATE TABLE "Sales.EU"."Order.Lines" ("Line.No" int PRIMARY KEY, "Unit Price" numeric(9,2));
        CREATE TABLE "Sales.EU".refers (a int, b int, FOREIGN KEY (a, b) REFERENCES "ünïcødé"."Straße.Nord" ("Haus.Nr", "Zeile"));
        """;

    private static readonly (string Schema, string Table)[] Tables =
    [
        ("shop", "customers"), ("shop", "orders"), ("shop", "order_lines"), ("shop", "shipments"), ("shop", "events"),
        ("shop", "stock"), ("shop", "big_orders"), ("shop", "daily_orders"), ("shop", Scratch),
        ("ünïcødé", "café"), ("ünïcødé", "Straße.Nord"), ("ünïcødé", "vue_été"),
        ("Sales.EU", "Order.Lines"), ("Sales.EU", "refers"),
    ];

    public static async Task<string> CreateAsync(PostgresServerFixture postgres)
    {
        var database = await postgres.CreateDatabaseAsync("shop");
        await postgres.Server.ExecuteAsync(database, Sql);
        return database;
    }

    public static Task DropScratchAsync(PostgresServerFixture postgres, string database) =>
        postgres.Server.ExecuteAsync(database, $"DROP TABLE shop.{Scratch};");

    /// <summary>The FQNs of every table, in ordinal order.</summary>
    public static IReadOnlyList<string> TableFqns(string database) =>
        [.. Tables.Select(t => Fqn.Join(Service, database, t.Schema, t.Table)).Order(StringComparer.Ordinal)];

    public static string ScratchFqn(string database) => Fqn.Join(Service, database, "shop", Scratch);

    /// <summary>The <c>source</c> block: the password user, its password from <c>${PG_PASSWORD}</c>.</summary>
    public static string Source(PostgresServer server, string database) => $$"""
        source:
          type: postgres
          serviceName: {{Service}}
          serviceConnection:
            config:
              type: Postgres
              hostPort: {{server.HostPort}}
              username: {{PostgresServer.PasswordUser}}
              authType:
                password: ${PG_PASSWORD}
              database: "{{database}}"
              sslMode: disable
          sourceConfig:
            config:
              type: DatabaseMetadata
              markDeletedTables: true
        """;

    public static Dictionary<string, string> Environment(params (string Name, string Value)[] more)
    {
        var environment = new Dictionary<string, string> { ["PG_PASSWORD"] = PostgresServer.Password };
        foreach (var (name, value) in more)
        {
            environment[name] = value;
        }

        return environment;
    }
}
