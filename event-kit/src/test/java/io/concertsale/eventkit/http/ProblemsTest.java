package io.concertsale.eventkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ProblemsTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void aProblemDetailCarriesTheCatalogsTypeTitleAndDetail() {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "stage-conflict", "Not possible at this stage",
                "already paid");

        assertThat(problem.getType()).isEqualTo(URI.create("urn:concertsale:problem:stage-conflict"));
        assertThat(problem.getStatus()).isEqualTo(409);
        assertThat(problem.getTitle()).isEqualTo("Not possible at this stage");
        assertThat(problem.getDetail()).isEqualTo("already paid");
    }

    @Test
    void theWrittenJsonIsTheSameProblemAndEscapesWhatItQuotes() {
        String detail = "a \"quoted\" \\ back\nslash\tand \u0001 control, \u00e9";
        JsonNode written = json.readTree(new String(Problems.json(400, Problems.type("invalid-data"), "Invalid", detail,
                "/events"),
                StandardCharsets.UTF_8));

        assertThat(written.get("type").asString()).isEqualTo("urn:concertsale:problem:invalid-data");
        assertThat(written.get("title").asString()).isEqualTo("Invalid");
        assertThat(written.get("status").asInt()).isEqualTo(400);
        assertThat(written.get("detail").asString()).isEqualTo(detail);
        assertThat(written.get("instance").asString()).isEqualTo("/events");
    }

    @Test
    void withoutDetailOrInstanceTheyAreLeftOut() {
        JsonNode written = json.readTree(Problems.json(405, Problems.type("method-not-allowed"), "Method Not Allowed",
                null, null));

        assertThat(written.has("detail")).isFalse();
        assertThat(written.has("instance")).isFalse();
        assertThat(written.size()).isEqualTo(3);
    }
}
