package io.concertsale.engine.record;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Keeps every record in memory, for tests and small demos: a long sale would fill the heap. */
public final class RecordedHistory implements RecordListener {

    private final List<EngineRecord> records = new ArrayList<>();

    @Override
    public synchronized void onRecord(EngineRecord record) {
        records.add(record);
    }

    /** A copy of the records so far, oldest first. */
    public synchronized List<EngineRecord> all() {
        return List.copyOf(records);
    }

    /** The records so far of one kind, oldest first. */
    public <T extends EngineRecord> Stream<T> of(Class<T> kind) {
        return all().stream().filter(kind::isInstance).map(kind::cast);
    }
}
