package io.concertsale.router.trigger;

import io.concertsale.router.config.RouterProperties;
import io.fabric8.knative.duck.v1.DeliverySpec;
import io.fabric8.knative.duck.v1.DeliverySpecBuilder;
import io.fabric8.knative.duck.v1.Destination;
import io.fabric8.knative.duck.v1.DestinationBuilder;
import io.fabric8.knative.duck.v1.KReferenceBuilder;
import io.fabric8.knative.eventing.v1.Trigger;
import io.fabric8.knative.eventing.v1.TriggerBuilder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Triggers the router manages, the same for the local broker and Knative: one per message name a deployed
 * model waits for, named {@code <prefix>-<type in kebab case>} and filtering on that exact type, and one named
 * {@code <prefix>-replies} for replies (events with a {@code jobkey} extension, whatever its value). Each
 * subscribes this router with the configured delivery spec.
 */
public final class TriggerManifests {

    public static final String API_VERSION = "eventing.knative.dev/v1";
    public static final String KIND = "Trigger";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGER = "zeebe-cloud-events-router";
    public static final String MESSAGE_LABEL = "zeebe-cloud-events-router/message";
    public static final String EVENT_TYPE_ANNOTATION = "zeebe-cloud-events-router/event-type";
    public static final String PURPOSE_ANNOTATION = "zeebe-cloud-events-router/purpose";
    /** The extension a reply carries; a Knative filter value "" matches any value of a present attribute. */
    public static final String JOB_KEY_ATTRIBUTE = "jobkey";
    public static final String REPLIES_SUFFIX = "replies";

    /** Kubernetes names and label values are at most this long. */
    static final int MAX_NAME = 63;
    private static final int HASH_LENGTH = 8;

    private final RouterProperties.Triggers settings;
    private final String audience;

    /**
     * @param audience the router's audience, which its Triggers name so that the broker's deliveries carry a token
     *        issued for it ({@code spec.subscriber.audience}); {@code null} where the event plane has no sender
     *        identity
     */
    public TriggerManifests(RouterProperties.Triggers settings, String audience) {
        this.settings = settings;
        this.audience = audience;
    }

    /** The name of the Trigger for a message name (an event type). */
    public String name(String type) {
        return fit(settings.namePrefix() + "-" + kebab(type), type);
    }

    /** The name of the replies Trigger. */
    public String repliesName() {
        return fit(settings.namePrefix() + "-" + REPLIES_SUFFIX, REPLIES_SUFFIX);
    }

    /** The Trigger that routes events of the type to the router. */
    public Trigger forMessage(String type) {
        Map<String, String> labels = labels();
        labels.put(MESSAGE_LABEL, fit(kebab(type), type));
        return trigger(name(type), labels, Map.of(EVENT_TYPE_ANNOTATION, type,
                PURPOSE_ANNOTATION, "Routes " + type + " events to the router, which publishes them as Zeebe messages"),
                Map.of("type", type));
    }

    /** The Trigger that routes replies (events with a {@code jobkey}) to the router. */
    public Trigger forReplies() {
        return trigger(repliesName(), labels(), Map.of(PURPOSE_ANNOTATION,
                "Routes replies (events with a jobkey extension) to the router, which completes the waiting jobs"),
                Map.of(JOB_KEY_ATTRIBUTE, ""));
    }

    private Trigger trigger(String name, Map<String, String> labels, Map<String, String> annotations,
            Map<String, String> filter) {
        return new TriggerBuilder()
                .withApiVersion(API_VERSION)
                .withKind(KIND)
                .withNewMetadata()
                    .withName(name)
                    .withLabels(labels)
                    .withAnnotations(new LinkedHashMap<>(annotations))
                .endMetadata()
                .withNewSpec()
                    .withBroker(settings.broker())
                    .withNewFilter().withAttributes(new LinkedHashMap<>(filter)).endFilter()
                    .withSubscriber(subscriber())
                    .withDelivery(delivery())
                .endSpec()
                .build();
    }

    private Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY_LABEL, MANAGER);
        return labels;
    }

    private Destination subscriber() {
        RouterProperties.Subscriber subscriber = settings.subscriber();
        DestinationBuilder destination = new DestinationBuilder().withRef(new KReferenceBuilder()
                .withApiVersion(subscriber.apiVersion())
                .withKind(subscriber.kind())
                .withName(subscriber.name())
                .withNamespace(settings.namespace())
                .build());
        if (subscriber.uri() != null) {
            destination.withUri(subscriber.uri());
        }
        if (audience != null) {
            destination.withAudience(audience);
        }
        return destination.build();
    }

    private DeliverySpec delivery() {
        RouterProperties.Delivery delivery = settings.delivery();
        DeliverySpecBuilder spec = new DeliverySpecBuilder()
                .withRetry(delivery.retry())
                .withBackoffPolicy(delivery.backoffPolicy().manifestValue())
                .withBackoffDelay(delivery.backoffDelay().toString());
        if (delivery.deadLetterSink() != null) {
            spec.withDeadLetterSink(new DestinationBuilder().withRef(new KReferenceBuilder()
                    .withApiVersion("serving.knative.dev/v1")
                    .withKind("Service")
                    .withName(delivery.deadLetterSink())
                    .withNamespace(settings.namespace())
                    .build()).build());
        }
        return spec.build();
    }

    /**
     * An event type in kebab case, as a DNS label: {@code Queue.CustomerJoined} becomes {@code queue-customer-joined},
     * {@code HTTPRequest.Sent} becomes {@code http-request-sent}.
     */
    static String kebab(String type) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            boolean ascii = c < 128 && Character.isLetterOrDigit(c);
            if (!ascii) {
                dash(out);
                continue;
            }
            if (Character.isUpperCase(c) && i > 0) {
                char previous = type.charAt(i - 1);
                boolean nextLower = i + 1 < type.length() && Character.isLowerCase(type.charAt(i + 1));
                if (Character.isLowerCase(previous) || Character.isDigit(previous)
                        || (Character.isUpperCase(previous) && nextLower)) {
                    dash(out);
                }
            }
            out.append(Character.toLowerCase(c));
        }
        int start = 0;
        int end = out.length();
        while (start < end && out.charAt(start) == '-') {
            start++;
        }
        while (end > start && out.charAt(end - 1) == '-') {
            end--;
        }
        return out.substring(start, end).toLowerCase(Locale.ROOT);
    }

    private static void dash(StringBuilder out) {
        if (!out.isEmpty() && out.charAt(out.length() - 1) != '-') {
            out.append('-');
        }
    }

    /**
     * The text itself when it is a valid DNS label of at most 63 characters; otherwise it is cut and a hash of the
     * original appended, so that distinct types keep distinct names.
     */
    static String fit(String text, String original) {
        if (!text.isEmpty() && text.length() <= MAX_NAME && !text.endsWith("-")) {
            return text;
        }
        String hash = hash(original);
        String head = text.substring(0, Math.min(text.length(), MAX_NAME - HASH_LENGTH - 1));
        while (head.endsWith("-")) {
            head = head.substring(0, head.length() - 1);
        }
        return head.isEmpty() ? "t" + hash : head + "-" + hash;
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
