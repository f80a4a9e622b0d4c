package io.concertsale.eventkit.config;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How large a request body every HTTP entry of a service takes ({@code sale.http.*}): the CloudEvent ingress, the
 * APIs, the pages' forms. A larger body is refused with 413 before it is read ({@code
 * io.concertsale.eventkit.http.BodySizeLimitFilter}).
 *
 * @param maxBodyBytes the largest body taken, 256KB unless set
 * @param maxBodyBytesByPath larger (or smaller) limits for the paths that start with a key, the longest key first,
 *        e.g. the router's BPMN deployments ({@code sale.http.max-body-bytes-by-path[/deployments]=4MB}); none unless
 *        set
 */
@ConfigurationProperties("sale.http")
public record HttpProperties(
        @DefaultValue("256KB") DataSize maxBodyBytes,
        Map<String, DataSize> maxBodyBytesByPath) {

    public HttpProperties {
        maxBodyBytesByPath = maxBodyBytesByPath == null ? Map.of() : Map.copyOf(maxBodyBytesByPath);
    }
}
