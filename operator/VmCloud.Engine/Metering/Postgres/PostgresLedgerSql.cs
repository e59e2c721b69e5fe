namespace VmCloud.Engine.Metering.Postgres;

/// <summary>The PostgreSQL ledger's schema and statements, in one place so they can be read together.</summary>
internal static class PostgresLedgerSql
{
    /// <summary>
    /// Serialises schema creation between operators starting at once: concurrent
    /// <c>CREATE TABLE IF NOT EXISTS</c> can still fail on the catalogue's unique indexes.
    /// The value is arbitrary but fixed ("vmcloud" in ASCII).
    /// </summary>
    public const long SchemaLockKey = 0x766D636C6F7564;

    /// <summary>
    /// Idempotent. The key is (hour, uid) rather than (uid, hour): the same uniqueness, but its index
    /// then also serves the all-accounts read (an hour range, ordered by hour then uid), and inserts of
    /// the current hour land at the index's right edge instead of all over it. uid and account use the
    /// "C" collation so that the order is ordinal (byte order) whatever the database's locale, and the
    /// indexes stay valid across glibc collation changes. Money is exact: numeric(24,12) holds 12
    /// digits each side of the point, what the meter rounds to.
    /// </summary>
    public const string CreateSchema = """
        SELECT pg_advisory_xact_lock(@lock);
        CREATE TABLE IF NOT EXISTS vmcloud_usage_records (
            hour              timestamptz    NOT NULL,
            uid               text COLLATE "C" NOT NULL,
            tenant            text           NOT NULL,
            account           text COLLATE "C" NOT NULL,
            kind              text           NOT NULL,
            name              text           NOT NULL,
            plan              text           NOT NULL,
            quantity          numeric(18,3)  NOT NULL,
            hourly_euros      numeric(24,12) NOT NULL,
            monthly_cap_euros numeric(24,12) NOT NULL,
            discount_ratio    numeric(24,12) NOT NULL,
            CONSTRAINT vmcloud_usage_records_pkey PRIMARY KEY (hour, uid)
        );
        CREATE INDEX IF NOT EXISTS vmcloud_usage_records_account_hour
            ON vmcloud_usage_records (account, hour, uid);
        """;

    /// <summary>
    /// One statement, so one round trip and one transaction. The arrays arrive deduplicated and sorted
    /// by key, and unnest yields them in that order: every writer takes the key locks in the same order,
    /// so overlapping concurrent batches wait for each other instead of deadlocking.
    /// </summary>
    public const string Insert = """
        INSERT INTO vmcloud_usage_records
            (hour, uid, tenant, account, kind, name, plan, quantity, hourly_euros, monthly_cap_euros, discount_ratio)
        SELECT * FROM unnest(@hours, @uids, @tenants, @accounts, @kinds, @names, @plans,
                             @quantities, @hourly_euros, @monthly_cap_euros, @discount_ratios)
        ON CONFLICT (hour, uid) DO NOTHING
        """;

    private const string Columns =
        "hour, uid, tenant, account, kind, name, plan, quantity, hourly_euros, monthly_cap_euros, discount_ratio";

    /// <summary>Every account's records of an hour range, by hour then uid (the primary key's order).</summary>
    public const string ReadAll = $"""
        SELECT {Columns} FROM vmcloud_usage_records
        WHERE hour >= @from AND hour < @to
        ORDER BY hour, uid
        """;

    /// <summary>One account's records of an hour range, by hour then uid (the account index's order).</summary>
    public const string ReadAccount = $"""
        SELECT {Columns} FROM vmcloud_usage_records
        WHERE account = @account AND hour >= @from AND hour < @to
        ORDER BY hour, uid
        """;
}
