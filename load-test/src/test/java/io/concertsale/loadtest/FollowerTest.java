package io.concertsale.loadtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a fan does for each hint and each turn of its socket, against a recording fan and a clock of its own. */
class FollowerTest {

    private static final Follower.Hint FAR_BACK = new Follower.Hint(Follower.Mode.POLL, Duration.ofSeconds(30));
    private static final Follower.Hint CLOSER = new Follower.Hint(Follower.Mode.POLL, Duration.ofSeconds(8));
    private static final Follower.Hint NEAR = new Follower.Hint(Follower.Mode.WEBSOCKET, Duration.ofSeconds(2));

    private final List<String> done = new ArrayList<>();
    private long now = 1_000_000_000L;
    private final Follower follower = new Follower(new Follower.Actions() {
        @Override
        public void connect() {
            done.add("connect");
        }

        @Override
        public void disconnect() {
            done.add("disconnect");
        }

        @Override
        public void wakeAfter(Duration delay) {
            done.add("wake after " + delay.toMillis() + " ms");
        }

        @Override
        public void cancelWake() {
            done.add("cancel wake");
        }

        @Override
        public void poll() {
            done.add("poll");
        }

        @Override
        public void catchUp() {
            done.add("catch up");
        }
    }, () -> now);

    private List<String> taken() {
        List<String> taken = List.copyOf(done);
        done.clear();
        return taken;
    }

    private void later(Duration duration) {
        now += duration.toNanos();
    }

    @Test
    void farBackTheFanPollsAtTheIntervalItIsToldAndOpensNoSocket() {
        follower.onState(FAR_BACK);
        assertThat(taken()).containsExactly("wake after 30000 ms");

        later(Duration.ofSeconds(30));
        follower.wake();
        assertThat(taken()).containsExactly("poll");

        follower.polled();
        follower.onState(CLOSER);
        assertThat(taken()).containsExactly("wake after 8000 ms");
        assertThat(follower.socketOpen()).isFalse();
    }

    @Test
    void nearTheFrontTheFanOpensTheSocketAndStopsPolling() {
        follower.onState(FAR_BACK);
        taken();

        follower.onState(NEAR);
        assertThat(taken()).containsExactly("cancel wake", "connect");
        assertThat(follower.opened()).as("not a reconnect").isFalse();
        assertThat(taken()).containsExactly("cancel wake");
        assertThat(follower.socketOpen()).isTrue();

        follower.onState(NEAR);
        assertThat(taken()).as("pushes over the open socket").containsExactly("cancel wake");
    }

    @Test
    void toldToPollAgainTheFanClosesItsSocket() {
        follower.onState(NEAR);
        follower.opened();
        taken();

        follower.onState(FAR_BACK);

        assertThat(taken()).containsExactly("disconnect", "wake after 30000 ms");
        assertThat(follower.socketOpen()).isFalse();
    }

    @Test
    void aRefusedSocketIsFollowedByPollsUntilItsRetryAfterThenTriedAgainWithACatchUp() {
        follower.onState(NEAR);
        taken();

        follower.lost(Duration.ofSeconds(10));
        assertThat(taken()).as("poll at the hint's interval").containsExactly("wake after 2000 ms");

        later(Duration.ofSeconds(2));
        follower.wake();
        assertThat(taken()).as("not before Retry-After").containsExactly("poll");
        follower.polled();
        follower.onState(NEAR);
        assertThat(taken()).containsExactly("wake after 2000 ms");

        later(Duration.ofSeconds(8));
        follower.wake();
        assertThat(taken()).containsExactly("cancel wake", "connect");
        assertThat(follower.opened()).as("open after a refusal").isTrue();
        assertThat(taken()).containsExactly("cancel wake", "catch up");
    }

    @Test
    void aDroppedSocketIsOpenedAgainSoonAndTheFanCatchesUp() {
        follower.onState(NEAR);
        follower.opened();
        taken();

        follower.lost(Duration.ZERO);
        List<String> afterDrop = taken();
        assertThat(afterDrop).hasSize(1);
        long wait = Long.parseLong(afterDrop.getFirst().replaceAll("\\D", ""));
        assertThat(wait).as("a short backoff, less than the poll interval").isBetween(100L, 200L);

        later(Duration.ofMillis(wait));
        follower.wake();
        assertThat(taken()).containsExactly("cancel wake", "connect");
        assertThat(follower.opened()).isTrue();
        assertThat(taken()).containsExactly("cancel wake", "catch up");
    }

    @Test
    void socketsThatKeepFailingAreTriedLessOftenWhileTheFanPolls() {
        follower.onState(NEAR);
        taken();
        long lastWait = 0;
        for (int failure = 1; failure <= 6; failure++) {
            follower.lost(Duration.ZERO);
            taken();
            long before = now;
            while (true) {
                later(Duration.ofMillis(100));
                follower.wake();
                List<String> did = taken();
                if (did.contains("connect")) {
                    break;
                }
                if (did.contains("poll")) {
                    follower.polled();
                }
            }
            lastWait = now - before;
        }
        assertThat(Duration.ofNanos(lastWait)).as("the backoff grew to its upper part")
                .isGreaterThanOrEqualTo(Duration.ofMillis(2_500));
    }

    @Test
    void aPollStillUnderWayIsNotStartedTwice() {
        follower.onState(FAR_BACK);
        follower.wake();
        follower.wake();

        assertThat(taken()).containsExactly("wake after 30000 ms", "poll");
    }

    @Test
    void aSocketThatOpensAfterTheFanWasToldToPollIsClosed() {
        follower.onState(NEAR);
        follower.onState(FAR_BACK);
        taken();

        assertThat(follower.opened()).isFalse();
        assertThat(follower.socketOpen()).isFalse();
    }

    @Test
    void aStateWithoutAHintChangesNothingAndAStoppedFanDoesNothing() {
        follower.onState(null);
        assertThat(taken()).isEmpty();

        follower.onState(NEAR);
        taken();
        follower.stop();
        assertThat(taken()).containsExactly("cancel wake", "disconnect");

        follower.onState(FAR_BACK);
        follower.wake();
        follower.lost(Duration.ZERO);
        assertThat(taken()).isEmpty();
    }
}
