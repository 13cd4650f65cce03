namespace DurableIngest.Testing;

/// <summary>A small real PostgreSQL database and a workflow like examples/postgres-local.yaml pointing at it.</summary>
public static class PostgresWorkflow
{
    public const int Tables = 4;

    /// <summary>A fresh database with <see cref="Tables"/> relations (three tables and a view) in schema <c>shop</c>.</summary>
    public static async Task<string> CreateDatabaseAsync(PostgresServerFixture postgres)
    {
        var database = await postgres.CreateDatabaseAsync("serve");
        await postgres.Server.ExecuteAsync(database, """
            CREATE SCHEMA shop;
            CREATE TABLE shop.customers (id int PRIMARY KEY, name text NOT NULL);
            CREATE TABLE shop.orders (id int PRIMARY KEY, customer_id int REFERENCES shop.customers (id), total numeric(10, 2));
            CREATE TABLE shop.items (order_id int REFERENCES shop.orders (id), sku varchar(20), quantity int CHECK (quantity > 0));
            CREATE VIEW shop.big_orders AS SELECT * FROM shop.orders WHERE total > 100;
            """);
        return database;
    }

    /// <summary>The example's shape; the password is a ${VAR} reference, as a host that resumes runs requires.</summary>
    public static string Yaml(PostgresServerFixture postgres, string database, string catalogPath, string sourceType = "type: postgres") => $"""
        source:
          {sourceType}
          serviceName: serve_test
          serviceConnection:
            config:
              type: Postgres
              username: {PostgresServer.SuperUser}
              authType:
                password: ${"{"}DI_SERVE_TEST_PASSWORD:-{"}"}
              hostPort: {postgres.Server.HostPort}
              database: {database}
              sslMode: disable
          sourceConfig:
            config:
              type: DatabaseMetadata
              includeTables: true
              includeViews: true
              schemaFilterPattern:
                includes: ["^shop$"]
        sink:
          type: file
          config:
            path: {catalogPath}
        workflowConfig:
          loggerLevel: INFO
          distributedExecution:
            enabled: true
            parallelism: 2
            chunkSize: 2
            retryPolicy:
              maxAttempts: 3
              backoffSeconds: 1
              backoffFactor: 2
              maxBackoffSeconds: 10
            successThreshold: 90
        """;
}
