package io.concertsale.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The router is generic: its main sources and resources name no event type of the sale, no payload of the event
 * catalog, and nothing about tickets.
 */
class GenericSourcesTest {

    /** What only the sale knows; the router may use the catalog's generic CloudEvents HTTP codec and sink only. */
    private static final List<String> FORBIDDEN = List.of(
            "io.concertsale.events.eventtypes",
            "io.concertsale.events.eventcatalog",
            "io.concertsale.events.saleevents",
            "io.concertsale.events.data",
            "io.concertsale.events.schema",
            "io.concertsale.eventkit.admission",
            "eventtypes.",
            "ticket");

    private static List<Path> mainSources() {
        Path main = Path.of("src", "main");
        try (Stream<Path> files = Files.walk(main)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void mainSourcesNameNothingOfTheSale() throws IOException {
        List<Path> files = mainSources();
        List<String> findings = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).toLowerCase(Locale.ROOT);
                for (String forbidden : FORBIDDEN) {
                    if (line.contains(forbidden)) {
                        findings.add(file + ":" + (i + 1) + " names '" + forbidden + "': " + lines.get(i).trim());
                    }
                }
            }
        }

        assertThat(files).as("the scan sees the router's sources")
                .anyMatch(file -> file.endsWith(Path.of("message", "EventRouter.java")))
                .anyMatch(file -> file.endsWith("zeebe-cloud-events-router.yml"));
        assertThat(findings).isEmpty();
    }

    @Test
    void theScanWouldCatchAConcertReference() {
        String line = "import io.concertsale.events.EventTypes;".toLowerCase(Locale.ROOT);

        assertThat(FORBIDDEN).anyMatch(line::contains);
        assertThat(FORBIDDEN).anyMatch("// emits tickets.emitted"::contains);
    }
}
