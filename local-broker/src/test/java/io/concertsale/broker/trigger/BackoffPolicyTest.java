package io.concertsale.broker.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

    private static final Duration DELAY = Duration.ofMillis(200);

    @Test
    void exponentialDoublesFromTwiceTheDelay() {
        assertThat(BackoffPolicy.EXPONENTIAL.backoff(DELAY, 1)).isEqualTo(Duration.ofMillis(400));
        assertThat(BackoffPolicy.EXPONENTIAL.backoff(DELAY, 2)).isEqualTo(Duration.ofMillis(800));
        assertThat(BackoffPolicy.EXPONENTIAL.backoff(DELAY, 5)).isEqualTo(Duration.ofMillis(6400));
    }

    @Test
    void linearGrowsByTheDelay() {
        assertThat(BackoffPolicy.LINEAR.backoff(DELAY, 1)).isEqualTo(Duration.ofMillis(200));
        assertThat(BackoffPolicy.LINEAR.backoff(DELAY, 2)).isEqualTo(Duration.ofMillis(400));
        assertThat(BackoffPolicy.LINEAR.backoff(DELAY, 5)).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void veryLateRetriesDoNotOverflow() {
        assertThat(BackoffPolicy.EXPONENTIAL.backoff(DELAY, 200)).isPositive();
    }

    @Test
    void retriesCountFromOne() {
        assertThatThrownBy(() -> BackoffPolicy.LINEAR.backoff(DELAY, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
