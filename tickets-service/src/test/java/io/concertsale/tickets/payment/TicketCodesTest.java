package io.concertsale.tickets.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TicketCodesTest {

    final TicketCodes codes = new TicketCodes(new SecureRandom());

    @Test
    void codesHaveTwelveCharactersWithoutLookAlikes() {
        List<String> drawn = IntStream.range(0, 1000).mapToObj(i -> codes.next()).toList();

        assertThat(drawn).allSatisfy(code -> assertThat(code).hasSize(12).matches("[A-HJ-NP-Z2-9]+")
                .doesNotContain("I", "O", "0", "1"));
    }

    @Test
    void codesDoNotRepeat() {
        List<String> drawn = IntStream.range(0, 10_000).mapToObj(i -> codes.next()).toList();

        assertThat(drawn).doesNotHaveDuplicates();
    }

    @Test
    void alphabetHasNoLookAlikesAndEveryCharacterOnce() {
        assertThat(TicketCodes.ALPHABET).hasSize(32).doesNotContain("I", "O", "0", "1");
        assertThat(TicketCodes.ALPHABET.chars().distinct().count()).isEqualTo(32);
    }
}
