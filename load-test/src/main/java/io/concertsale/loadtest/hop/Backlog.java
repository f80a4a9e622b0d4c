package io.concertsale.loadtest.hop;

/**
 * Holds the hop's senders back while about {@code max} events the broker accepted are not handled yet: events sent
 * (and not refused) since the phase began minus the rise of the gateway's HANDLED count since then. The count is
 * read every {@link HandledEvents#POLL_INTERVAL}, so the real backlog is up to one interval's worth of handled events
 * smaller than the bound; the bound only has to keep the broker's queue from growing without end while it stays deep enough that the gateway never
 * waits for work. Asked by the client's one thread only.
 */
final class Backlog implements LoadGenerator.Gate {

    private final int max;
    private final HandledEvents handled;
    private final long handledAtStart;
    private long outstanding;

    Backlog(int max, HandledEvents handled) {
        this.max = max;
        this.handled = handled;
        this.handledAtStart = handled.latest().count();
    }

    @Override
    public boolean tryAdmit() {
        if (outstanding - (handled.latest().count() - handledAtStart) >= max) {
            return false;
        }
        outstanding++;
        return true;
    }

    @Override
    public void onChange(Runnable wakeUp) {
        handled.onRead(wakeUp);
    }

    @Override
    public void failed() {
        outstanding--;
    }
}
