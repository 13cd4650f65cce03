using DurableIngest.Testing;

namespace DurableIngest.Core.Tests.Sources.MySql;

/// <summary>
/// The SQL of three schemas holding every feature the MySQL source must read faithfully: integer widths and unsigned,
/// decimals, bit, enum and set, character sets, JSON, spatial and generated columns, primary, unique and foreign keys
/// (composite, and across schemas), prefix, descending, full-text and spatial indexes, check constraints, comments,
/// range, list and key partitioning, a view, a view whose table is gone, and Unicode names.
/// </summary>
internal static class MySqlFeatureDatabase
{
    public static string Sql(string app, string other, string unicode)
    {
        var a = MariaDbServer.QuoteIdentifier(app);
        var o = MariaDbServer.QuoteIdentifier(other);
        var u = MariaDbServer.QuoteIdentifier(unicode);
        return $"""
            CREATE TABLE {a}.customers (
                id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
                email VARCHAR(320) NOT NULL UNIQUE COMMENT 'Where receipts go',
                country CHAR(2),
                tiny TINYINT,
                small SMALLINT,
                medium MEDIUMINT UNSIGNED,
                plain INT(10) UNSIGNED ZEROFILL,
                flag BOOLEAN,
                balance DECIMAL(12,2) CHECK (balance >= 0),
                ratio FLOAT,
                precise DOUBLE,
                bits BIT(5),
                mood ENUM('sad','ok','happy'),
                tags SET('a','b','c'),
                born DATE,
                wake_up TIME(3),
                created_at DATETIME(6),
                updated_at TIMESTAMP NULL,
                since YEAR,
                bio TEXT,
                notes MEDIUMTEXT,
                story LONGTEXT,
                legacy VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_swedish_ci,
                photo BLOB,
                thumb MEDIUMBLOB,
                raw LONGBLOB,
                code BINARY(16),
                token VARBINARY(64),
                profile JSON,
                home POINT NOT NULL,
                area POLYGON,
                route LINESTRING,
                shape GEOMETRY,
                email_domain VARCHAR(320) AS (SUBSTRING_INDEX(email, '@', -1)) VIRTUAL,
                balance_cents BIGINT AS (balance * 100) STORED,
                SPATIAL INDEX home_idx (home),
                FULLTEXT INDEX bio_ft (bio),
                INDEX country_idx (country DESC, email(10)) COMMENT 'by ''country'''
            ) COMMENT 'People who buy things';

            CREATE TABLE {a}.parent_composite (a INT, b VARCHAR(10), c INT, PRIMARY KEY (a, b), UNIQUE KEY bc (b, c));
            CREATE TABLE {a}.child_composite (
                x VARCHAR(10), y INT, z INT,
                CONSTRAINT child_parent_fk FOREIGN KEY (y, x) REFERENCES {a}.parent_composite (a, b)
            );

            CREATE TABLE {o}.regions (code CHAR(2) PRIMARY KEY, name VARCHAR(40) NOT NULL);
            CREATE TABLE {a}.orders (
                id BIGINT UNSIGNED PRIMARY KEY,
                customer_id BIGINT UNSIGNED NOT NULL,
                region CHAR(2),
                total DECIMAL(14,4),
                CONSTRAINT total_positive CHECK (total > 0),
                CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES {a}.customers (id),
                CONSTRAINT orders_region_fk FOREIGN KEY (region) REFERENCES {o}.regions (code)
            );

            CREATE TABLE {a}.events (id INT NOT NULL, at DATE NOT NULL, kind VARCHAR(10), PRIMARY KEY (id, at))
                PARTITION BY RANGE (YEAR(at)) (PARTITION p2024 VALUES LESS THAN (2025), PARTITION p2025 VALUES LESS THAN (2026), PARTITION pmax VALUES LESS THAN MAXVALUE);
            CREATE TABLE {a}.stock (sku VARCHAR(10) NOT NULL, region CHAR(2) NOT NULL)
                PARTITION BY LIST COLUMNS (region) (PARTITION eu VALUES IN ('fr', 'de'), PARTITION us VALUES IN ('us'));
            CREATE TABLE {a}.hashed (id INT PRIMARY KEY, v INT) PARTITION BY KEY () PARTITIONS 4;

            CREATE VIEW {a}.big_orders AS SELECT id, total FROM {a}.orders WHERE total > 100;
            CREATE TABLE {a}.doomed (id INT);
            CREATE VIEW {a}.broken_view AS SELECT id FROM {a}.doomed;
            DROP TABLE {a}.doomed;

            CREATE TABLE {u}.`café` (`naïve` VARCHAR(20) PRIMARY KEY, `日本語` INT COMMENT 'コメント', `Größe` DECIMAL(5,2)) COMMENT 'Crème brûlée';
            CREATE TABLE {u}.`Straße.Nord` (`Haus.Nr` INT, `Zeile` INT, PRIMARY KEY (`Haus.Nr`, `Zeile`));
            CREATE TABLE {o}.`refers` (a INT, b INT, CONSTRAINT refers_fk FOREIGN KEY (a, b) REFERENCES {u}.`Straße.Nord` (`Haus.Nr`, `Zeile`));
            CREATE VIEW {u}.`vue_été` AS SELECT `naïve` FROM {u}.`café`;
            """;
    }
}
