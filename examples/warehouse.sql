-- The DurableIngest quickstart warehouse: a small retail analytics database in SQLite.
--
-- Build it (from the repository root) with either
--     sqlite3 examples/warehouse.db < examples/warehouse.sql && sqlite3 examples/warehouse.db VACUUM
-- or any SQLite client that runs a script. examples/warehouse.db is this script, built and vacuumed; a test
-- checks that both give the same catalog, so change this file and rebuild the .db together.
--
-- SQLite keeps every CREATE statement's text, comments included, and DurableIngest reads those comments as
-- descriptions: a comment right after "CREATE TABLE name (" describes the table, and a comment at the end of
-- a column's line describes the column.
--
-- Some names are awkward on purpose (spaces, a dot, non-ASCII letters, mixed case), to show they survive
-- ingestion exactly as written.

-- Small pages keep the shipped file small: every table and index takes at least one page, and holds no rows.
PRAGMA page_size = 512;

-- ---------------------------------------------------------------------------------------------------------
-- Reference data
-- ---------------------------------------------------------------------------------------------------------

CREATE TABLE currencies ( -- ISO 4217 currencies used for prices and payments
    currency_code  CHAR(3)      PRIMARY KEY, -- ISO 4217 code, e.g. EUR
    name           VARCHAR(64)  NOT NULL,    -- English name
    minor_units    TINYINT      NOT NULL DEFAULT 2 -- Digits after the decimal point
);

CREATE TABLE exchange_rates ( -- Daily reference rates against EUR
    currency_code  CHAR(3)        NOT NULL REFERENCES currencies (currency_code), -- Quoted currency
    rate_date      DATE           NOT NULL, -- Day the rate applies to
    rate_to_eur    DECIMAL(18, 8) NOT NULL, -- Units of EUR for one unit of the currency
    PRIMARY KEY (currency_code, rate_date)
) WITHOUT ROWID;

CREATE TABLE "CustomerSegments" ( -- Marketing segments, named by the CRM team in PascalCase
    "SegmentId"    INTEGER PRIMARY KEY, -- Segment number from the CRM
    "SegmentName"  NVARCHAR(80) NOT NULL UNIQUE, -- Name shown in campaign tools
    "IsActive"     BOOLEAN NOT NULL DEFAULT 1 -- Whether campaigns may target the segment
);

CREATE TABLE dim_date -- Calendar dimension, one row per day
(
    date_key       INTEGER PRIMARY KEY, -- yyyymmdd
    full_date      DATE     NOT NULL UNIQUE, -- The day itself
    day_of_week    SMALLINT NOT NULL, -- 1 = Monday ... 7 = Sunday
    day_name       VARCHAR(9) NOT NULL,
    week_of_year   SMALLINT NOT NULL, -- ISO week number
    month_number   SMALLINT NOT NULL,
    month_name     VARCHAR(9) NOT NULL,
    quarter        TINYINT  NOT NULL, -- 1 to 4
    calendar_year  SMALLINT NOT NULL,
    fiscal_year    SMALLINT NOT NULL, -- Fiscal years start on 1 February
    is_weekend     BOOLEAN  NOT NULL,
    is_holiday     BOOLEAN  NOT NULL DEFAULT 0 -- Public holiday in the store's country
);

-- ---------------------------------------------------------------------------------------------------------
-- Products
-- ---------------------------------------------------------------------------------------------------------

CREATE TABLE categories ( -- Product category tree
    category_id         INTEGER PRIMARY KEY, -- Surrogate key
    parent_category_id  INTEGER REFERENCES categories (category_id), -- Parent in the tree; NULL for a root
    name                VARCHAR(100) NOT NULL UNIQUE, -- Category name shown on the web shop
    description         TEXT
);

CREATE TABLE suppliers ( -- Companies we buy products from
    supplier_id    INTEGER PRIMARY KEY,
    company_name   VARCHAR(200) NOT NULL, -- Registered company name
    vat_number     VARCHAR(20) UNIQUE, -- EU VAT identification number
    country_code   CHAR(2) NOT NULL, -- ISO 3166-1 alpha-2
    contact_email  VARCHAR(254),
    payment_terms_days INTEGER NOT NULL DEFAULT 30 CHECK (payment_terms_days BETWEEN 0 AND 180)
);

CREATE TABLE products ( -- Everything we sell
    product_id     INTEGER PRIMARY KEY, -- Surrogate key
    sku            VARCHAR(32) NOT NULL UNIQUE, -- Stock keeping unit printed on labels
    name           VARCHAR(200) NOT NULL,
    category_id    INTEGER NOT NULL REFERENCES categories (category_id),
    supplier_id    INTEGER REFERENCES suppliers (supplier_id), -- Preferred supplier
    list_price     DECIMAL(10, 2) NOT NULL, -- Price before discounts, in currency_code
    currency_code  CHAR(3) NOT NULL DEFAULT 'EUR' REFERENCES currencies (currency_code),
    weight_kg      REAL, -- Shipping weight
    is_discontinued BOOLEAN NOT NULL DEFAULT 0,
    attributes     JSON, -- Free-form attributes (colour, size, material)
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE product_reviews ( -- Ratings customers leave on the web shop
    review_id      INTEGER PRIMARY KEY,
    product_id     INTEGER NOT NULL REFERENCES Products (Product_Id), -- Legacy upper-case reference, resolved by SQLite without regard to case
    customer_id    INTEGER NOT NULL REFERENCES customers, -- Refers to the customer's primary key implicitly
    rating         TINYINT NOT NULL CHECK (rating BETWEEN 1 AND 5), -- 1 to 5 stars
    title          VARCHAR(120),
    body           CLOB,
    reviewed_at    TIMESTAMP NOT NULL
);

CREATE TABLE promotions ( -- Discount campaigns
    promotion_id   INTEGER PRIMARY KEY,
    code           VARCHAR(20) NOT NULL UNIQUE, -- Code the customer types at checkout
    description    TEXT,
    discount_pct   NUMERIC(5, 2) NOT NULL, -- Percentage off the list price
    starts_on      DATE NOT NULL,
    ends_on        DATE NOT NULL,
    CHECK (ends_on >= starts_on)
);

-- ---------------------------------------------------------------------------------------------------------
-- Stores and people
-- ---------------------------------------------------------------------------------------------------------

CREATE TABLE stores ( -- Physical shops and the web shop
    store_id       INTEGER PRIMARY KEY,
    store_code     CHAR(6) NOT NULL UNIQUE, -- Short code used on receipts
    name           VARCHAR(100) NOT NULL,
    city           VARCHAR(100) NOT NULL,
    country_code   CHAR(2) NOT NULL, -- ISO 3166-1 alpha-2
    opened_on      DATE,
    floor_area_m2  INTEGER, -- NULL for the web shop
    is_online      BOOLEAN NOT NULL DEFAULT 0
);

CREATE TABLE employees ( -- Store and head-office staff
    employee_id    INTEGER PRIMARY KEY,
    store_id       INTEGER REFERENCES stores (store_id), -- NULL for head office
    manager_id     INTEGER REFERENCES employees (employee_id), -- Line manager
    first_name     NVARCHAR(60) NOT NULL,
    last_name      NVARCHAR(60) NOT NULL,
    email          VARCHAR(254) NOT NULL UNIQUE,
    hired_on       DATE NOT NULL,
    hourly_rate    DECIMAL(8, 2)
);

CREATE TABLE customers ( -- People who bought at least once
    customer_id    INTEGER PRIMARY KEY, -- Surrogate key
    email          VARCHAR(254) NOT NULL UNIQUE, -- Login and contact address
    first_name     NVARCHAR(60),
    last_name      NVARCHAR(60),
    birth_date     DATE, -- Optional, for birthday offers
    segment_id     INTEGER REFERENCES "CustomerSegments" ("SegmentId"), -- Current marketing segment
    loyalty_points BIGINT NOT NULL DEFAULT 0,
    external_ref   UUID UNIQUE, -- Identifier in the CRM
    created_at     DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE customer_addresses ( -- Delivery and billing addresses; numbered per customer
    customer_id    INTEGER NOT NULL REFERENCES customers (customer_id),
    address_no     SMALLINT NOT NULL, -- 1, 2, ... within the customer
    street         VARCHAR(200) NOT NULL,
    postal_code    VARCHAR(12) NOT NULL,
    city           VARCHAR(100) NOT NULL,
    country_code   CHAR(2) NOT NULL,
    is_default     BOOLEAN NOT NULL DEFAULT 0,
    PRIMARY KEY (customer_id, address_no)
);

-- ---------------------------------------------------------------------------------------------------------
-- Orders
-- ---------------------------------------------------------------------------------------------------------

CREATE TABLE orders ( -- One row per checkout
    order_id       INTEGER PRIMARY KEY, -- Surrogate key
    order_number   VARCHAR(20) NOT NULL UNIQUE, -- Number printed on the invoice
    customer_id    INTEGER NOT NULL REFERENCES customers (customer_id),
    store_id       INTEGER NOT NULL REFERENCES stores (store_id),
    employee_id    INTEGER REFERENCES employees (employee_id), -- Cashier; NULL online
    ship_to_address_no SMALLINT, -- Address within the customer's addresses
    ordered_at     TIMESTAMP NOT NULL,
    status         VARCHAR(12) NOT NULL DEFAULT 'placed' CHECK (status IN ('placed', 'paid', 'shipped', 'delivered', 'cancelled')),
    currency_code  CHAR(3) NOT NULL REFERENCES currencies (currency_code),
    total_amount   DECIMAL(12, 2) NOT NULL, -- Sum of the lines after discounts
    FOREIGN KEY (customer_id, ship_to_address_no) REFERENCES customer_addresses (customer_id, address_no)
);

CREATE TABLE order_items ( -- Lines of an order
    order_id       INTEGER NOT NULL REFERENCES orders (order_id),
    line_no        SMALLINT NOT NULL, -- 1, 2, ... within the order
    product_id     INTEGER NOT NULL REFERENCES products (product_id),
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    unit_price     DECIMAL(10, 2) NOT NULL, -- Price actually charged per unit
    discount_pct   NUMERIC(5, 2) NOT NULL DEFAULT 0,
    line_total     DECIMAL(12, 2) GENERATED ALWAYS AS (round(quantity * unit_price * (100 - discount_pct) / 100, 2)) STORED, -- Computed by SQLite
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE order_promotions ( -- Promotions applied to an order
    order_id       INTEGER NOT NULL REFERENCES orders (order_id),
    promotion_id   INTEGER NOT NULL REFERENCES promotions (promotion_id),
    applied_amount DECIMAL(10, 2) NOT NULL, -- Discount granted, in the order's currency
    PRIMARY KEY (order_id, promotion_id)
);

CREATE TABLE "order lines" ( -- Order lines as exported by the legacy point-of-sale system, kept for reconciliation
    "export id"    INTEGER PRIMARY KEY,
    "order id"     INTEGER NOT NULL REFERENCES orders (order_id), -- Order the line belongs to
    "unit price"   DECIMAL(10, 2), -- Price as the till recorded it
    "qty"          INTEGER,
    "exported at"  TEXT
);

CREATE TABLE payments ( -- Money received for orders
    payment_id     INTEGER PRIMARY KEY,
    order_id       INTEGER NOT NULL REFERENCES orders (order_id),
    method         VARCHAR(20) NOT NULL, -- card, cash, voucher, transfer
    amount         DECIMAL(12, 2) NOT NULL,
    currency_code  CHAR(3) NOT NULL REFERENCES currencies (currency_code),
    paid_at        TIMESTAMP NOT NULL,
    provider_ref   VARCHAR(64) UNIQUE -- Reference from the payment provider
);

CREATE TABLE shipments ( -- Parcels sent to customers
    shipment_id    INTEGER PRIMARY KEY,
    order_id       INTEGER NOT NULL REFERENCES orders (order_id),
    carrier        VARCHAR(40) NOT NULL,
    tracking_number VARCHAR(40), -- Carrier's tracking number
    shipped_at     TIMESTAMP,
    delivered_at   TIMESTAMP,
    UNIQUE (carrier, tracking_number)
);

CREATE TABLE returns ( -- Items customers sent back
    return_id      INTEGER PRIMARY KEY,
    order_id       INTEGER NOT NULL,
    line_no        SMALLINT NOT NULL,
    quantity       INTEGER NOT NULL CHECK (quantity > 0),
    reason         VARCHAR(40), -- Reason picked from a list in the returns form
    refunded_amount DECIMAL(10, 2),
    received_at    DATE NOT NULL,
    FOREIGN KEY (order_id, line_no) REFERENCES order_items (order_id, line_no) -- The returned order line
);

-- ---------------------------------------------------------------------------------------------------------
-- Stock
-- ---------------------------------------------------------------------------------------------------------

CREATE TABLE distribution_centers ( -- Warehouses that supply the stores
    center_id      INTEGER PRIMARY KEY,
    name           VARCHAR(100) NOT NULL UNIQUE,
    city           VARCHAR(100) NOT NULL,
    capacity_pallets INTEGER
);

CREATE TABLE inventory ( -- Stock on hand per store and product
    store_id       INTEGER NOT NULL REFERENCES stores (store_id),
    product_id     INTEGER NOT NULL REFERENCES products (product_id),
    quantity_on_hand INTEGER NOT NULL DEFAULT 0,
    reorder_level  INTEGER NOT NULL DEFAULT 0, -- Reorder when stock falls below this
    supplied_from  INTEGER REFERENCES distribution_centers (center_id),
    counted_at     DATETIME, -- Last physical count
    PRIMARY KEY (store_id, product_id)
);

-- ---------------------------------------------------------------------------------------------------------
-- Analytics: facts and extracts
-- ---------------------------------------------------------------------------------------------------------

CREATE TABLE fact_sales ( -- Sales fact at order-line grain, loaded nightly
    date_key       INTEGER NOT NULL REFERENCES dim_date (date_key),
    store_id       INTEGER NOT NULL REFERENCES stores (store_id),
    product_id     INTEGER NOT NULL REFERENCES products (product_id),
    customer_id    INTEGER REFERENCES customers (customer_id), -- NULL for anonymous till sales
    order_id       INTEGER NOT NULL,
    line_no        SMALLINT NOT NULL,
    quantity       INTEGER NOT NULL,
    net_amount     DECIMAL(12, 2) NOT NULL, -- After discounts, in EUR
    cost_amount    DECIMAL(12, 2), -- Purchase cost, in EUR
    FOREIGN KEY (order_id, line_no) REFERENCES order_items (order_id, line_no)
);

CREATE TABLE fact_inventory_snapshot ( -- End-of-day stock per store and product
    date_key       INTEGER NOT NULL REFERENCES dim_date (date_key),
    store_id       INTEGER NOT NULL,
    product_id     INTEGER NOT NULL,
    quantity_on_hand INTEGER NOT NULL,
    stock_value    DOUBLE PRECISION, -- quantity_on_hand times current cost, in EUR
    PRIMARY KEY (date_key, store_id, product_id),
    FOREIGN KEY (store_id, product_id) REFERENCES inventory (store_id, product_id)
);

CREATE TABLE "sales.2024" ( -- Frozen 2024 sales extract handed to the auditors
    sale_id        INTEGER PRIMARY KEY,
    store_id       INTEGER NOT NULL REFERENCES stores (store_id),
    sold_on        DATE NOT NULL,
    "net.amount"   DECIMAL(12, 2) NOT NULL, -- Net amount in EUR, as the auditors named it
    "gross amount" DECIMAL(12, 2) NOT NULL -- Including VAT
);

CREATE TABLE sales_corrections ( -- Auditor corrections to the 2024 extract
    correction_id  INTEGER PRIMARY KEY,
    sale_id        INTEGER NOT NULL REFERENCES "sales.2024" (sale_id), -- Corrected sale
    corrected_amount DECIMAL(12, 2) NOT NULL,
    note           TEXT
);

CREATE TABLE "café_menu" ( -- Drinks and snacks sold in the in-store cafés
    item_id        INTEGER PRIMARY KEY,
    store_id       INTEGER NOT NULL REFERENCES stores (store_id),
    "libellé"      NVARCHAR(100) NOT NULL, -- Item name in French, as printed on the menu
    price          DECIMAL(6, 2) NOT NULL,
    is_vegan       BOOLEAN NOT NULL DEFAULT 0
);

CREATE TABLE "Zürich Filialen" ( -- Branch details kept by the Zürich regional office
    "Filial-Nr"    INTEGER PRIMARY KEY, -- Branch number in the regional system
    store_id       INTEGER NOT NULL UNIQUE REFERENCES stores (store_id),
    "Straße"       NVARCHAR(120) NOT NULL, -- Street and number
    "Öffnungszeiten" TEXT -- Opening hours, free text
);

-- ---------------------------------------------------------------------------------------------------------
-- Operational tables
-- ---------------------------------------------------------------------------------------------------------

CREATE TABLE web_sessions ( -- Web shop visits, for funnel analysis
    session_id     UUID PRIMARY KEY, -- Random identifier set in the browser cookie
    customer_id    INTEGER REFERENCES customers (customer_id), -- NULL until the visitor logs in
    started_at     TIMESTAMP NOT NULL,
    ended_at       TIMESTAMP,
    user_agent     VARCHAR(512),
    is_bot         BOOLEAN NOT NULL DEFAULT 0,
    fingerprint    BLOB -- Hashed device fingerprint
) WITHOUT ROWID;

CREATE TABLE audit_log ( -- Append-only log of changes made in the back office
    log_id         INTEGER PRIMARY KEY AUTOINCREMENT, -- Never reused, so SQLite keeps sqlite_sequence
    logged_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), -- UTC, ISO 8601
    actor          TEXT NOT NULL, -- Employee email or system job name
    entity         TEXT NOT NULL,
    payload        ANY -- Whatever the job recorded; any type
) STRICT;

CREATE TABLE etl_watermarks ( -- How far each nightly load got
    job_name       TEXT PRIMARY KEY,
    last_value, -- No declared type: whatever the job stores
    updated_at     DATETIME NOT NULL
);

-- ---------------------------------------------------------------------------------------------------------
-- Indexes
-- ---------------------------------------------------------------------------------------------------------

CREATE INDEX ix_orders_customer_ordered ON orders (customer_id, ordered_at);
CREATE INDEX ix_orders_store ON orders (store_id);
CREATE INDEX ix_order_items_product ON order_items (product_id);
CREATE INDEX ix_products_category ON products (category_id, name);
CREATE UNIQUE INDEX ux_customers_email_lower ON customers (lower(email));
CREATE INDEX ix_shipments_undelivered ON shipments (order_id) WHERE delivered_at IS NULL;
CREATE INDEX ix_fact_sales_date_store ON fact_sales (date_key, store_id);
CREATE INDEX "ix sales.2024 store" ON "sales.2024" (store_id, sold_on);
CREATE INDEX ix_web_sessions_customer ON web_sessions (customer_id, started_at);

-- ---------------------------------------------------------------------------------------------------------
-- Views
-- ---------------------------------------------------------------------------------------------------------

CREATE VIEW v_order_summary -- One row per order with its customer and line count
AS
SELECT o.order_id,
       o.order_number,
       o.ordered_at,
       c.email AS customer_email,
       s.name AS store_name,
       count(oi.line_no) AS line_count,
       o.total_amount
FROM orders AS o
JOIN customers AS c ON c.customer_id = o.customer_id
JOIN stores AS s ON s.store_id = o.store_id
LEFT JOIN order_items AS oi ON oi.order_id = o.order_id
GROUP BY o.order_id;

CREATE VIEW v_product_catalog AS -- Products with their category and supplier, as the web shop lists them
SELECT p.product_id,
       p.sku,
       p.name,
       cat.name AS category_name,
       sup.company_name AS supplier_name,
       p.list_price,
       p.currency_code
FROM products AS p
JOIN categories AS cat ON cat.category_id = p.category_id
LEFT JOIN suppliers AS sup ON sup.supplier_id = p.supplier_id
WHERE NOT p.is_discontinued;

CREATE VIEW v_daily_sales AS -- Net sales per day and store
SELECT d.full_date,
       f.store_id,
       sum(f.quantity) AS units,
       sum(f.net_amount) AS net_amount
FROM fact_sales AS f
JOIN dim_date AS d ON d.date_key = f.date_key
GROUP BY d.full_date, f.store_id;

CREATE VIEW v_inventory_status AS -- Stock levels with a reorder flag
SELECT i.store_id,
       s.name AS store_name,
       i.product_id,
       p.sku,
       i.quantity_on_hand,
       i.quantity_on_hand < i.reorder_level AS needs_reorder
FROM inventory AS i
JOIN stores AS s ON s.store_id = i.store_id
JOIN products AS p ON p.product_id = i.product_id;

CREATE VIEW "v customer lifetime value" AS -- Revenue per customer over all time
SELECT c.customer_id,
       c.email,
       count(DISTINCT o.order_id) AS orders,
       coalesce(sum(o.total_amount), 0) AS lifetime_value
FROM customers AS c
LEFT JOIN orders AS o ON o.customer_id = c.customer_id
GROUP BY c.customer_id;

-- ---------------------------------------------------------------------------------------------------------
-- A little reference data
-- ---------------------------------------------------------------------------------------------------------

INSERT INTO currencies (currency_code, name, minor_units) VALUES
    ('EUR', 'Euro', 2),
    ('CHF', 'Swiss franc', 2),
    ('GBP', 'Pound sterling', 2),
    ('JPY', 'Japanese yen', 0);

INSERT INTO "CustomerSegments" ("SegmentId", "SegmentName", "IsActive") VALUES
    (1, 'New', 1),
    (2, 'Regular', 1),
    (3, 'Lapsed', 0);
