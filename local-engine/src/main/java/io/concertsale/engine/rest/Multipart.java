package io.concertsale.engine.rest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code multipart/form-data} body (RFC 7578) read into its parts: what a deployment request carries. */
final class Multipart {

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern NAME = Pattern.compile("(?i)(?:^|;)\\s*name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("(?i)(?:^|;)\\s*filename=\"([^\"]*)\"");
    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

    /** A part: its form field name, its file name if it is a file, and its bytes. */
    record Part(String name, String filename, byte[] content) {
    }

    private Multipart() {
    }

    /**
     * The parts of the body, in order.
     *
     * @throws RestGateway.Problem 415 if the content type is not multipart/form-data with a boundary, 400 if the body
     *         does not follow it
     */
    static List<Part> parse(String contentType, byte[] body) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new RestGateway.Problem(415, "Unsupported media type", "Send a deployment as multipart/form-data");
        }
        Matcher boundaryMatch = BOUNDARY.matcher(contentType);
        if (!boundaryMatch.find()) {
            throw new RestGateway.Problem(415, "Unsupported media type", "multipart/form-data without a boundary");
        }
        String boundary = boundaryMatch.group(2) != null ? boundaryMatch.group(2) : boundaryMatch.group(3);
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] separator = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int position = indexOf(body, delimiter, 0);
        if (position < 0) {
            throw malformed("no boundary in the body");
        }
        position += delimiter.length;
        List<Part> parts = new ArrayList<>();
        while (true) {
            if (startsWith(body, position, "--")) {
                return parts;
            }
            if (!startsWith(body, position, "\r\n")) {
                throw malformed("a boundary is not followed by a line break");
            }
            int headersStart = position + 2;
            int headersEnd = indexOf(body, CRLF_CRLF, headersStart);
            if (headersEnd < 0) {
                throw malformed("a part without the blank line after its headers");
            }
            int contentEnd = indexOf(body, separator, headersEnd + 4);
            if (contentEnd < 0) {
                throw malformed("a part without a closing boundary");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            parts.add(part(headers, Arrays.copyOfRange(body, headersEnd + 4, contentEnd)));
            position = contentEnd + separator.length;
        }
    }

    private static Part part(String headers, byte[] content) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equalsIgnoreCase("Content-Disposition")) {
                String disposition = line.substring(colon + 1);
                Matcher name = NAME.matcher(disposition);
                if (!name.find()) {
                    throw malformed("a part's Content-Disposition has no name");
                }
                Matcher filename = FILENAME.matcher(disposition);
                return new Part(name.group(1), filename.find() ? filename.group(1) : null, content);
            }
        }
        throw malformed("a part without Content-Disposition");
    }

    private static RestGateway.Problem malformed(String why) {
        return new RestGateway.Problem(400, "Bad request", "The multipart body is malformed: " + why);
    }

    private static boolean startsWith(byte[] body, int position, String prefix) {
        if (position + prefix.length() > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (body[position + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= body.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (body[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
