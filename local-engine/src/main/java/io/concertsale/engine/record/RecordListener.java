package io.concertsale.engine.record;

/** Receives the engine's records in order, on the engine's thread: it must return quickly and never block. */
@FunctionalInterface
public interface RecordListener {

    void onRecord(EngineRecord record);

    /**
     * Whether it wants records of this kind. The engine builds a kind of record only while some listener wants it (a
     * variable record costs a JSON document for every variable set), and hands each listener only what it wants.
     */
    default boolean wants(Class<? extends EngineRecord> kind) {
        return true;
    }
}
