using System.Text;
using Xunit;

namespace DurableIngest.Core.Tests.Sources.Postgres;

/// <summary>The SQL of a database holding every feature the PostgreSQL source must read faithfully.</summary>
internal static class FeatureDatabase
{
    public const int WideTableColumns = 1000;

    public static string Sql()
    {
        var sql = new StringBuilder("""
            CREATE EXTENSION file_fdw;
            CREATE SERVER local_files FOREIGN DATA WRAPPER file_fdw;

            CREATE SCHEMA app;
            CREATE SCHEMA empty_schema;
            CREATE SCHEMA "Sales.EU";
            CREATE SCHEMA "My Schema";
            CREATE SCHEMA "ünïcødé";
            CREATE SCHEMA "select";

            CREATE TYPE app.mood AS ENUM ('sad', 'ok', 'happy');
            CREATE DOMAIN app."código_postal" AS varchar(10) CHECK (VALUE ~ '^[0-9]+$');
            CREATE DOMAIN app."çödé_wrapper" AS app."código_postal";
            CREATE TYPE app.address AS (street text, zip text);

            CREATE TABLE app.customers (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                legacy_id serial,
                email varchar(320) NOT NULL UNIQUE,
                country char(2),
                mood app.mood,
                zip app."código_postal",
                zip2 app."çödé_wrapper",
                tags text[],
                scores integer[],
                nested numeric(8,2)[],
                profile jsonb,
                settings json,
                external_id uuid,
                home inet,
                network cidr,
                device macaddr,
                search tsvector,
                doc xml,
                photo bytea,
                session_length interval,
                created_at timestamptz DEFAULT now(),
                updated_at timestamp,
                birthday date,
                wake_up time,
                balance numeric(12,2) CHECK (balance >= 0),
                ratio numeric,
                score real,
                precise double precision,
                small smallint,
                flag boolean,
                address app.address,
                period int4range,
                money_col money
            );
            COMMENT ON TABLE app.customers IS 'People who buy things';
            COMMENT ON COLUMN app.customers.email IS 'Where receipts go';
            COMMENT ON COLUMN app.customers.zip IS 'Código postal (ES)';

            CREATE TABLE app.orders (
                id bigserial PRIMARY KEY,
                customer_id bigint NOT NULL REFERENCES app.customers (id),
                placed_at timestamptz NOT NULL,
                total numeric(14,4),
                CONSTRAINT total_positive CHECK (total > 0)
            );
            CREATE INDEX orders_placed_at_idx ON app.orders (placed_at DESC);
            CREATE INDEX orders_lower_idx ON app.orders (customer_id, abs(total));

            CREATE TABLE app.parent_composite (a int, b text, c int, PRIMARY KEY (a, b), UNIQUE (b, c));
            CREATE TABLE app.child_composite (
                x int, y text, z int,
                CONSTRAINT child_fk FOREIGN KEY (y, x) REFERENCES app.parent_composite (b, a) ON DELETE CASCADE
            );

            CREATE TABLE app.measurements (
                id bigint NOT NULL,
                recorded_at timestamptz NOT NULL,
                reading numeric(10,3),
                PRIMARY KEY (id, recorded_at)
            ) PARTITION BY RANGE (recorded_at);
            COMMENT ON TABLE app.measurements IS 'Monthly partitions';

            CREATE TABLE app.orders_by_region (id bigint, region text NOT NULL) PARTITION BY LIST (region);
            CREATE TABLE app.orders_by_region_eu PARTITION OF app.orders_by_region FOR VALUES IN ('eu');
            CREATE TABLE app.orders_by_region_us PARTITION OF app.orders_by_region FOR VALUES IN ('us');
            CREATE TABLE app.orders_by_region_other PARTITION OF app.orders_by_region DEFAULT;

            CREATE TABLE app.ranged_ids (id int NOT NULL, label text) PARTITION BY RANGE (id);
            CREATE TABLE app.ranged_ids_low PARTITION OF app.ranged_ids FOR VALUES FROM (0) TO (1000);
            CREATE TABLE app.hashed (id int NOT NULL) PARTITION BY HASH (id);
            CREATE TABLE app.hashed_0 PARTITION OF app.hashed FOR VALUES WITH (MODULUS 2, REMAINDER 0);
            CREATE TABLE app.hashed_1 PARTITION OF app.hashed FOR VALUES WITH (MODULUS 2, REMAINDER 1);

            CREATE VIEW app.big_spenders AS SELECT c.id, c.email, sum(o.total) AS spent
                FROM app.customers c JOIN app.orders o ON o.customer_id = c.id GROUP BY c.id, c.email;
            COMMENT ON VIEW app.big_spenders IS 'Customers by spend';
            CREATE MATERIALIZED VIEW app.daily_totals AS SELECT placed_at::date AS day, sum(total) AS total FROM app.orders GROUP BY 1;
            CREATE UNIQUE INDEX daily_totals_day ON app.daily_totals (day);

            CREATE FOREIGN TABLE app.server_log (line text) SERVER local_files OPTIONS (filename '/dev/null');

            CREATE TABLE "Sales.EU"."Order.Lines" ("Line.No" int PRIMARY KEY, "Unit Price" numeric(9,2), "Qty" int);
            CREATE TABLE "My Schema"."order items" ("Item Id" int, "MixedCase" text, "select" int, "from" text, PRIMARY KEY ("Item Id", "select"));
            CREATE TABLE "ünïcødé"."tâble_ünicode" ("naïve" text PRIMARY KEY, "日本語" int);
            CREATE TABLE "select"."table" ("user" int PRIMARY KEY, "order" int, "group" text);
            CREATE TABLE "select"."refers" (
                a int, b int,
                FOREIGN KEY (a) REFERENCES "select"."table" ("user"),
                FOREIGN KEY (b, a) REFERENCES "My Schema"."order items" ("Item Id", "select")
            );
            CREATE TABLE "Sales.EU"."CamelCase" ("Id" int);
            COMMENT ON COLUMN "Sales.EU"."Order.Lines"."Unit Price" IS 'Price before "tax"';

            """);

        for (var month = 1; month <= 12; month++)
        {
            var next = month == 12 ? "2026-01-01" : $"2025-{month + 1:00}-01";
            sql.AppendLine($"CREATE TABLE app.measurements_2025_{month:00} PARTITION OF app.measurements FOR VALUES FROM ('2025-{month:00}-01') TO ('{next}');");
        }

        sql.Append("CREATE TABLE app.wide (");
        sql.AppendJoin(", ", Enumerable.Range(1, WideTableColumns).Select(i => $"c{i:0000} {(i % 3 == 0 ? "text" : i % 3 == 1 ? "integer" : "numeric(10,2)")}"));
        sql.AppendLine(");");
        return sql.ToString();
    }
}
