package io.concertsale.engine.record;

/** Receives the engine's records in order, on the engine's thread: it must return quickly and never block. */
@FunctionalInterface
public interface RecordListener {

    void onRecord(EngineRecord record);
}
