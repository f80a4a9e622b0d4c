package io.concertsale.eventkit.test;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A filter that counts the requests that reach it, by request URI. */
public final class RequestsSeen implements Filter {

    private final Map<String, AtomicInteger> byUri = new ConcurrentHashMap<>();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        byUri.computeIfAbsent(((HttpServletRequest) request).getRequestURI(), uri -> new AtomicInteger())
                .incrementAndGet();
        chain.doFilter(request, response);
    }

    /** How many requests to this URI came by. */
    public int count(String uri) {
        AtomicInteger count = byUri.get(uri);
        return count == null ? 0 : count.get();
    }
}
