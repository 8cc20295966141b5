-- Release 2.3.0: orders and the public catalog (seeded).
CREATE TABLE orders (
  id serial PRIMARY KEY,
  sku varchar(64) NOT NULL,
  quantity integer NOT NULL CHECK (quantity >= 1),
  status varchar(32) NOT NULL DEFAULT 'pending',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE catalog_items (
  sku varchar(64) PRIMARY KEY,
  name varchar(200) NOT NULL,
  price_cents integer NOT NULL CHECK (price_cents >= 0)
);

INSERT INTO catalog_items (sku, name, price_cents) VALUES
  ('SKU-1', 'Espresso beans 1 kg', 1299),
  ('SKU-2', 'Ceramic mug', 850),
  ('SKU-3', 'Pour-over filter papers (100)', 499);
