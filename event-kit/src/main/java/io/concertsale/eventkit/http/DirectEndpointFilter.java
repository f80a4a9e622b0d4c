package io.concertsale.eventkit.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

/**
 * Serves one endpoint of the event plane (a service's {@code /events}, the broker's ingress) ahead of the rest of
 * the filter chain: a request to exactly its path goes straight to its servlet, every other request on down the
 * chain. Deliveries need none of the web application's filters behind this one (Spring Security's chain only
 * permitted them, after its firewall had validated again every header Tomcat had already parsed; form content and
 * request context filters have nothing to do for them), and in the hop benchmark's profile those filters cost a
 * tenth of a delivery. Register it after the filters that must see every request (the body size limit); the
 * request's observation, before it, leaves such paths out ({@link UnobservedPaths}).
 *
 * <p>The path is compared with the request URI exactly as sent: a variant ({@code /events/}, a path parameter)
 * takes the ordinary way through every filter to the same servlet.
 */
public final class DirectEndpointFilter implements Filter {

    /** Where such a filter goes: right after the body size limit ({@link BodySizeLimitFilter}). */
    public static final int ORDER = BodySizeLimitFilter.ORDER + 1;

    private final String path;
    private final HttpServlet endpoint;

    /**
     * @param path the endpoint's path, as its servlet is mapped
     * @param endpoint the servlet that serves it (the instance the servlet container also knows)
     */
    public DirectEndpointFilter(String path, HttpServlet endpoint) {
        this.path = path;
        this.endpoint = endpoint;
    }

    /**
     * The filter for a servlet's one exact mapping, registered at {@link #ORDER}.
     *
     * @param name the filter's name
     */
    public static FilterRegistrationBean<DirectEndpointFilter> registration(String name,
            ServletRegistrationBean<? extends HttpServlet> servlet) {
        if (servlet.getUrlMappings().size() != 1) {
            throw new IllegalArgumentException("A direct endpoint has one path, not " + servlet.getUrlMappings());
        }
        FilterRegistrationBean<DirectEndpointFilter> registration = new FilterRegistrationBean<>(
                new DirectEndpointFilter(servlet.getUrlMappings().iterator().next(), servlet.getServlet()));
        registration.setName(name);
        registration.setOrder(ORDER);
        return registration;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && path.equals(http.getRequestURI())) {
            endpoint.service(request, response);
            return;
        }
        chain.doFilter(request, response);
    }
}
