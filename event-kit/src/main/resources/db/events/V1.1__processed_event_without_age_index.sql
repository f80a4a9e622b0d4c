-- Every event a service handles inserts one processed_event row in the handler's transaction: each index on the
-- table is one more B-tree to change (and, on H2, to write out at commit). The age index only served the hourly
-- purge of old rows, which can afford to scan the table; the primary key stays the deduplication's index.
DROP INDEX processed_event_age;
