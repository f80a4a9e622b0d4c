package io.concertsale.broker.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The OIDC identities Knative gives its resources: the service account {@code <name>-oidc-<group>-<kind>} (Knative's
 * child-name rule: a name that would pass Kubernetes' 63 characters keeps a prefix and an MD5 hash instead), lower
 * case, as the subject {@code system:serviceaccount:<namespace>:<account>}.
 */
public final class ServiceAccounts {

    public static final String SOURCES_GROUP = "sources.knative.dev";
    public static final String EVENTING_GROUP = "eventing.knative.dev";

    private static final int LONGEST = 63;
    private static final int HASH_LENGTH = 32;
    private static final int HEAD = LONGEST - HASH_LENGTH;

    private ServiceAccounts() {
    }

    /** {@code system:serviceaccount:<namespace>:<account>}. */
    public static String subject(String namespace, String account) {
        return "system:serviceaccount:" + namespace + ":" + account;
    }

    /** The prefix of every subject of the namespace's service accounts. */
    public static String namespacePrefix(String namespace) {
        return "system:serviceaccount:" + namespace + ":";
    }

    /**
     * The OIDC service account of a resource, e.g. SinkBinding {@code tickets-service} of group
     * {@code sources.knative.dev} → {@code tickets-service-oidc-sources.knative.dev-sinkbinding}.
     */
    public static String account(String group, String kind, String name) {
        return childName(name, "-oidc-" + group + "-" + kind).toLowerCase(Locale.ROOT);
    }

    /** The subject of a resource's OIDC identity. */
    public static String subject(String namespace, String group, String kind, String name) {
        return subject(namespace, account(group, kind, name));
    }

    /** Knative's name of a child resource: {@code parent + suffix}, shortened with a hash past 63 characters. */
    static String childName(String parent, String suffix) {
        if (parent.length() + suffix.length() <= LONGEST) {
            return parent + suffix;
        }
        if (HEAD - suffix.length() <= 0) {
            String name = parent.substring(0, Math.min(parent.length(), HEAD)) + md5(parent + suffix);
            if (name.length() < LONGEST) {
                name += suffix.substring(0, LONGEST - name.length());
            }
            int end = name.length();
            while (end > 0 && !Character.isLetterOrDigit(name.charAt(end - 1))) {
                end--;
            }
            return name.substring(0, end);
        }
        return parent.substring(0, HEAD - suffix.length()) + md5(parent) + suffix;
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
