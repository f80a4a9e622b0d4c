package io.concertsale.eventkit.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.cloudevents.CloudEvent;
import io.concertsale.events.EventTypes;
import io.concertsale.events.SaleEvents;
import io.concertsale.events.data.SessionCleanUp;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;

class CloudEventHttpMessageConverterTest {

    private final CloudEventHttpMessageConverter converter = new CloudEventHttpMessageConverter();

    @Test
    void datacontenttypeIsReadAsSentEvenWhenTheServletKnowsACharset() throws Exception {
        CloudEvent sent = new SaleEvents(URI.create("urn:concertsale:test"))
                .journey(EventTypes.SESSION_CLEAN_UP, "s-1", new SessionCleanUp("s-1"));
        CloudEventHttp.BinaryMessage message = CloudEventHttp.write(sent);
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/events");
        message.forEachHeader(request::addHeader);
        request.setContent(message.body());
        // as Tomcat does: a known character encoding, the header left as sent
        HttpServletRequestWrapper withEncoding = new HttpServletRequestWrapper(request) {
            @Override
            public String getCharacterEncoding() {
                return StandardCharsets.UTF_8.name();
            }
        };

        CloudEvent read = converter.read(CloudEvent.class, new ServletServerHttpRequest(withEncoding));

        assertThat(read.getDataContentType()).isEqualTo("application/json");
        assertThat(read).isEqualTo(sent);
    }
}
