-- The outbox relay reads each event type's lane in order (type, seq), so a storm of one type does not hold up the
-- others. The old index on (failed, next_attempt_at) served a single first-in-first-out read of the whole outbox.
DROP INDEX outbox_event_due;
CREATE INDEX outbox_event_lane ON outbox_event (type, seq);
