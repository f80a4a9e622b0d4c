package io.concertsale.eventkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletRequest;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** What the filter hands on: the request itself on the hot path, a counting wrapper only for chunked bodies. */
class BodySizeLimitFilterTest {

    final BodySizeLimitFilter filter = new BodySizeLimitFilter(1024, Map.of("/deployments", 4096L, "/deployments/x",
            10L));
    final AtomicReference<ServletRequest> passed = new AtomicReference<>();

    @Test
    void aDeclaredLengthWithinTheLimitPassesTheRequestItselfWithoutAWrapper() throws Exception {
        MockHttpServletRequest request = post("/events", 1024, null);

        MockHttpServletResponse response = filter(request);

        assertThat(passed.get()).isSameAs(request);
        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void aRequestWithoutBodyPassesAsItIs() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/sessions/1");

        filter(request);

        assertThat(passed.get()).isSameAs(request);
    }

    @Test
    void aChunkedBodyIsCounted() throws Exception {
        MockHttpServletRequest request = post("/events", -1, "chunked");

        filter(request);

        assertThat(passed.get()).isInstanceOf(LimitedRequest.class);
    }

    @Test
    void aDeclaredLengthAboveTheLimitIsAnsweredWithoutTheChain() throws Exception {
        MockHttpServletResponse response = filter(post("/events", 1025, null));

        assertThat(passed.get()).isNull();
        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo(Problems.PROBLEM_JSON);
        assertThat(response.getContentAsString()).contains("urn:concertsale:problem:payload-too-large");
    }

    @Test
    void theLongestPathWithALimitOfItsOwnWins() {
        assertThat(filter.limitOf(post("/deployments", 0, null))).isEqualTo(4096);
        assertThat(filter.limitOf(post("/deployments/x/y", 0, null))).isEqualTo(10);
        assertThat(filter.limitOf(post("/events", 0, null))).isEqualTo(1024);
    }

    private MockHttpServletResponse filter(MockHttpServletRequest request) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) -> passed.set(req));
        return response;
    }

    private static MockHttpServletRequest post(String path, int length, String transferEncoding) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        if (length >= 0) {
            request.setContent(new byte[length]);
        }
        if (transferEncoding != null) {
            request.addHeader("Transfer-Encoding", transferEncoding);
        }
        return request;
    }
}
