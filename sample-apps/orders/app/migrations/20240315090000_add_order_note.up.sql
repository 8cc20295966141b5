-- Release 2.4.0: an optional free-text note on each order (nullable: 2.3.0 keeps working on it).
ALTER TABLE orders ADD COLUMN note text NULL;
