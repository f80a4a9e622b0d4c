package io.concertsale.eventkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class OperatorCredentialFilterTest {

    private static final String OPERATOR = OperatorCredentialFilter.basic("s3cret");

    private final OperatorCredentialFilter filter = new OperatorCredentialFilter("s3cret",
            List.of("/actuator/**", "/api/**"), List.of("/actuator/health", "/actuator/health/**"));

    private MockHttpServletResponse call(String method, String path, String authorization, String... headers)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.addHeader("Host", "127.0.0.1:8090");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, response, chain);
        if (chain.getRequest() != null) {
            response.setStatus(299);
        }
        return response;
    }

    @Test
    void operatorPathsNeedTheCredentialAndTheOthersDoNot() throws Exception {
        assertThat(call("GET", "/api/events", null).getStatus()).isEqualTo(401);
        assertThat(call("GET", "/api/events", OperatorCredentialFilter.basic("S3cret")).getStatus()).isEqualTo(401);
        assertThat(call("GET", "/api/events", "Basic " + "garbage").getStatus()).isEqualTo(401);
        assertThat(call("GET", "/api/events", OPERATOR).getStatus()).as("passed on").isEqualTo(299);
        assertThat(call("GET", "/actuator/metrics", OPERATOR).getStatus()).isEqualTo(299);
        assertThat(call("GET", "/actuator/health", null).getStatus()).isEqualTo(299);
        assertThat(call("GET", "/actuator/health/liveness", null).getStatus()).isEqualTo(299);
        assertThat(call("POST", "/default/default", null).getStatus()).as("not an operator path").isEqualTo(299);
        MockHttpServletResponse refused = call("DELETE", "/api/triggers/x", null);
        assertThat(refused.getHeader("WWW-Authenticate")).startsWith("Basic realm=\"concert-sale operator\"");
        assertThat(refused.getContentAsString()).contains("problem:unauthorized");
    }

    @Test
    void aStateChangingRequestFromAnotherSiteIsRefusedEvenWithTheCredential() throws Exception {
        assertThat(call("POST", "/api/triggers", OPERATOR, "Origin", "https://evil.example").getStatus())
                .isEqualTo(HttpServletResponse.SC_FORBIDDEN);
        assertThat(call("DELETE", "/api/triggers/x", OPERATOR, "Sec-Fetch-Site", "cross-site").getStatus())
                .isEqualTo(HttpServletResponse.SC_FORBIDDEN);
        assertThat(call("PUT", "/api/triggers/x", OPERATOR, "Sec-Fetch-Site", "same-site").getStatus())
                .isEqualTo(HttpServletResponse.SC_FORBIDDEN);
        assertThat(call("POST", "/api/triggers", OPERATOR, "Origin", "null").getStatus())
                .isEqualTo(HttpServletResponse.SC_FORBIDDEN);
        assertThat(call("POST", "/api/triggers", OPERATOR, "Origin", "http://127.0.0.1:8090",
                "Sec-Fetch-Site", "same-origin").getStatus()).isEqualTo(299);
        assertThat(call("POST", "/api/triggers", OPERATOR).getStatus()).as("a script, not a browser").isEqualTo(299);
        assertThat(call("GET", "/api/events", OPERATOR, "Origin", "https://evil.example").getStatus())
                .as("reading changes nothing; the credential still guards it").isEqualTo(299);
    }

    @Test
    void withoutAPasswordNobodyGetsIn() throws Exception {
        OperatorCredentialFilter closed = new OperatorCredentialFilter(" ", List.of("/api/**"), List.of());
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/events");
        request.addHeader("Authorization", OperatorCredentialFilter.basic(" "));
        MockHttpServletResponse response = new MockHttpServletResponse();
        closed.doFilter(request, response, new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getContentAsString()).contains("no admin password");
    }
}
