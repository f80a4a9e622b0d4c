package io.concertsale.eventkit.http;

import io.cloudevents.CloudEvent;
import io.concertsale.events.InvalidEventException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.HttpOutputMessage;
import org.springframework.http.MediaType;
import org.springframework.http.converter.AbstractHttpMessageConverter;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Spring MVC 7 converter for {@link CloudEvent} bodies: binary and structured mode in, binary mode out. Built on
 * the SDK's HTTP message factory because {@code cloudevents-spring} does not run on Spring Framework 7.
 */
public class CloudEventHttpMessageConverter extends AbstractHttpMessageConverter<CloudEvent> {

    public CloudEventHttpMessageConverter() {
        super(MediaType.ALL);
    }

    @Override
    protected boolean supports(Class<?> clazz) {
        return CloudEvent.class.isAssignableFrom(clazz);
    }

    @Override
    protected CloudEvent readInternal(Class<? extends CloudEvent> clazz, HttpInputMessage inputMessage)
            throws IOException {
        byte[] body = inputMessage.getBody().readAllBytes();
        try {
            Map<String, List<String>> headers = new LinkedHashMap<>();
            inputMessage.getHeaders().forEach(headers::put);
            HttpServletRequest servlet = servletRequest(inputMessage);
            if (servlet != null) {
                // Spring adds the request's character encoding to Content-Type; the event's datacontenttype is
                // the header exactly as the sender wrote it.
                String sent = servlet.getHeader(HttpHeaders.CONTENT_TYPE);
                headers.keySet().removeIf(HttpHeaders.CONTENT_TYPE::equalsIgnoreCase);
                if (sent != null) {
                    headers.put(HttpHeaders.CONTENT_TYPE, List.of(sent));
                }
            }
            return CloudEventHttp.read(headers, body);
        } catch (InvalidEventException e) {
            throw new HttpMessageNotReadableException(e.getMessage(), e, inputMessage);
        }
    }

    /** The servlet request behind the message: Spring MVC hands converters a wrapper of it. */
    private static HttpServletRequest servletRequest(HttpInputMessage message) {
        if (message instanceof ServletServerHttpRequest servlet) {
            return servlet.getServletRequest();
        }
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest() : null;
    }

    @Override
    protected void writeInternal(CloudEvent event, HttpOutputMessage outputMessage) throws IOException {
        CloudEventHttp.BinaryMessage message = CloudEventHttp.write(event);
        message.forEachHeader((name, value) -> outputMessage.getHeaders().set(name, value));
        outputMessage.getBody().write(message.body());
    }

    @Override
    protected MediaType getDefaultContentType(CloudEvent event) {
        String contentType = event.getDataContentType();
        return contentType == null ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(contentType);
    }

    @Override
    protected boolean canRead(MediaType mediaType) {
        return true;
    }

    @Override
    public List<MediaType> getSupportedMediaTypes(Class<?> clazz) {
        return List.of(MediaType.ALL);
    }
}
