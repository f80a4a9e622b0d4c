package io.concertsale.broker.trigger;

import static io.concertsale.broker.trigger.ManifestDocument.describe;
import static io.concertsale.broker.trigger.ManifestDocument.object;
import static io.concertsale.broker.trigger.ManifestDocument.required;
import static io.concertsale.broker.trigger.ManifestDocument.string;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads Knative manifests (multi-document YAML, or JSON) into Triggers and Broker delivery defaults. Documents of
 * other kinds are skipped. Triggers and Brokers are read strictly: an unknown or misspelled field, a value of the
 * wrong type or a feature the local broker does not implement fails with a message naming the file, the document
 * and the field, because a silently ignored key would change routing.
 */
public final class TriggerManifests {

    public static final String API_VERSION = "eventing.knative.dev/v1";
    private static final String API_GROUP = "eventing.knative.dev/";

    private static final Set<String> OBJECT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final Set<String> METADATA_FIELDS = Set.of("name", "generateName", "namespace", "labels",
            "annotations", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
            "deletionGracePeriodSeconds", "ownerReferences", "finalizers", "managedFields", "selfLink");
    private static final Set<String> TRIGGER_SPEC_FIELDS = Set.of("broker", "filter", "subscriber", "delivery");
    private static final Set<String> BROKER_SPEC_FIELDS = Set.of("config", "delivery");
    private static final Set<String> FILTER_FIELDS = Set.of("attributes");
    private static final Set<String> DESTINATION_FIELDS = Set.of("ref", "uri", "CACerts", "audience");
    private static final Set<String> REF_FIELDS = Set.of("apiVersion", "kind", "name", "namespace");
    private static final Set<String> DELIVERY_FIELDS = Set.of("retry", "backoffPolicy", "backoffDelay",
            "deadLetterSink", "format");
    private static final Map<String, String> UNSUPPORTED_SPEC_FIELDS = Map.of(
            "filters", "spec.filters (the CloudEvents subscriptions API filters) is not supported by the local broker;"
                    + " use spec.filter.attributes",
            "brokerRef", "spec.brokerRef (cross-namespace brokers) is not supported by the local broker; use spec.broker");

    /** Knative's rule for filter attribute names: CloudEvents attribute names are lower-case letters and digits. */
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9]+");
    /** A Kubernetes object name (DNS-1123 subdomain). */
    private static final Pattern OBJECT_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private TriggerManifests() {
    }

    /**
     * What a set of manifests says.
     *
     * @param triggers every Trigger, whatever broker it names, in document order
     * @param brokers every Broker with its delivery spec
     */
    public record Manifests(List<Trigger> triggers, List<BrokerManifest> brokers) {

        public Manifests {
            triggers = List.copyOf(triggers);
            brokers = List.copyOf(brokers);
        }
    }

    /**
     * A Broker manifest.
     *
     * @param delivery the default delivery of its Triggers, null when it has none
     */
    public record BrokerManifest(String name, String namespace, DeliverySpec delivery) {
    }

    /**
     * Reads every Trigger and Broker of a YAML (or JSON) text.
     *
     * @param origin where the text comes from, named in the Triggers and in error messages
     * @throws InvalidTriggerException when the text is not YAML or a Trigger or Broker in it is invalid
     */
    public static Manifests parse(String yaml, String origin) {
        List<Trigger> triggers = new ArrayList<>();
        List<BrokerManifest> brokers = new ArrayList<>();
        int index = 0;
        for (Object document : documents(yaml, origin)) {
            index++;
            if (document == null) {
                continue;
            }
            ManifestDocument doc = new ManifestDocument(origin, index, InvalidTriggerException::new);
            if (!(document instanceof Map<?, ?> object)) {
                throw doc.error("is not a Kubernetes object (a mapping with apiVersion and kind)");
            }
            String apiVersion = object.get("apiVersion") instanceof String value ? value : null;
            String kind = object.get("kind") instanceof String value ? value : null;
            if (apiVersion == null || kind == null) {
                throw doc.error("needs apiVersion and kind as strings");
            }
            if (!apiVersion.startsWith(API_GROUP) || !(kind.equals("Trigger") || kind.equals("Broker"))) {
                continue;
            }
            if (!apiVersion.equals(API_VERSION)) {
                throw doc.error("has apiVersion " + apiVersion + "; the local broker reads " + API_VERSION);
            }
            if (kind.equals("Trigger")) {
                triggers.add(trigger(object, doc));
            } else {
                brokers.add(broker(object, doc));
            }
        }
        return new Manifests(triggers, brokers);
    }

    /**
     * Reads a text that must hold exactly one Trigger, such as the body of {@code PUT /api/triggers/{name}}.
     *
     * @throws InvalidTriggerException when it holds anything else or the Trigger is invalid
     */
    public static Trigger parseTrigger(String yaml, String origin) {
        List<Object> documents = new ArrayList<>();
        documents(yaml, origin).forEach(document -> {
            if (document != null) {
                documents.add(document);
            }
        });
        if (documents.size() != 1) {
            throw new InvalidTriggerException(origin + ": expected one Trigger manifest, found " + documents.size()
                    + " documents");
        }
        Manifests manifests = parse(yaml, origin);
        if (manifests.triggers().size() != 1) {
            throw new InvalidTriggerException(origin + ": expected a Trigger (apiVersion " + API_VERSION
                    + ", kind Trigger)");
        }
        return manifests.triggers().getFirst();
    }

    private static Iterable<Object> documents(String yaml, String origin) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml parser = new Yaml(new SafeConstructor(options));
        try {
            List<Object> documents = new ArrayList<>();
            parser.loadAll(yaml).forEach(documents::add);
            return documents;
        } catch (YAMLException e) {
            throw new InvalidTriggerException(origin + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private static Trigger trigger(Map<?, ?> document, ManifestDocument doc) {
        Map<String, Object> object = object(document, "", OBJECT_FIELDS, doc);
        Map<String, Object> metadata = object(required(object, "metadata", "", doc), "metadata", METADATA_FIELDS, doc);
        String name = name(metadata, doc);
        doc.name("Trigger '" + name + "'");
        String namespace = metadata.get("namespace") == null ? null : string(metadata.get("namespace"), "metadata.namespace", doc);

        Object specValue = required(object, "spec", "", doc);
        if (specValue instanceof Map<?, ?> specMap) {
            for (Object key : specMap.keySet()) {
                String unsupported = UNSUPPORTED_SPEC_FIELDS.get(String.valueOf(key));
                if (unsupported != null) {
                    throw doc.error(unsupported);
                }
            }
        }
        Map<String, Object> spec = object(specValue, "spec", TRIGGER_SPEC_FIELDS, doc);
        String broker = string(required(spec, "broker", "spec", doc), "spec.broker", doc);
        if (broker.isBlank()) {
            throw doc.error("spec.broker must not be empty");
        }
        Map<String, String> filter = filter(spec.get("filter"), doc);
        Destination subscriber = destination(required(spec, "subscriber", "spec", doc), "spec.subscriber", doc);
        DeliverySpec delivery = spec.get("delivery") == null ? null : delivery(spec.get("delivery"), "spec.delivery", doc);
        return new Trigger(name, namespace, broker, filter, subscriber, delivery, doc.origin());
    }

    private static BrokerManifest broker(Map<?, ?> document, ManifestDocument doc) {
        Map<String, Object> object = object(document, "", OBJECT_FIELDS, doc);
        Map<String, Object> metadata = object(required(object, "metadata", "", doc), "metadata", METADATA_FIELDS, doc);
        String name = name(metadata, doc);
        doc.name("Broker '" + name + "'");
        String namespace = metadata.get("namespace") == null ? null : string(metadata.get("namespace"), "metadata.namespace", doc);
        DeliverySpec delivery = null;
        if (object.get("spec") != null) {
            Map<String, Object> spec = object(object.get("spec"), "spec", BROKER_SPEC_FIELDS, doc);
            if (spec.get("delivery") != null) {
                delivery = delivery(spec.get("delivery"), "spec.delivery", doc);
            }
        }
        return new BrokerManifest(name, namespace, delivery);
    }

    private static String name(Map<String, Object> metadata, ManifestDocument doc) {
        String name = string(required(metadata, "name", "metadata", doc), "metadata.name", doc);
        if (name.length() > 253 || !OBJECT_NAME.matcher(name).matches()) {
            throw doc.error("metadata.name '" + name + "' is not a valid Kubernetes name (lower-case letters, digits,"
                    + " '-' and '.')");
        }
        return name;
    }

    private static Map<String, String> filter(Object value, ManifestDocument doc) {
        if (value == null) {
            return Map.of();
        }
        Map<String, Object> filter = object(value, "spec.filter", FILTER_FIELDS, doc);
        if (filter.get("attributes") == null) {
            return Map.of();
        }
        if (!(filter.get("attributes") instanceof Map<?, ?> attributes)) {
            throw doc.error("spec.filter.attributes must be a mapping of attribute names to strings");
        }
        Map<String, String> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> attribute : attributes.entrySet()) {
            String key = String.valueOf(attribute.getKey());
            String path = "spec.filter.attributes." + key;
            if (!ATTRIBUTE_NAME.matcher(key).matches()) {
                throw doc.error(path + ": attribute names are lower-case letters and digits only");
            }
            if (!(attribute.getValue() instanceof String text)) {
                throw doc.error(path + " must be a string (quote it in YAML), not " + describe(attribute.getValue()));
            }
            result.put(key, text);
        }
        return result;
    }

    private static Destination destination(Object value, String path, ManifestDocument doc) {
        Map<String, Object> destination = object(value, path, DESTINATION_FIELDS, doc);
        Destination.Ref ref = null;
        if (destination.get("ref") != null) {
            Map<String, Object> refObject = object(destination.get("ref"), path + ".ref", REF_FIELDS, doc);
            ref = new Destination.Ref(
                    string(required(refObject, "apiVersion", path + ".ref", doc), path + ".ref.apiVersion", doc),
                    string(required(refObject, "kind", path + ".ref", doc), path + ".ref.kind", doc),
                    string(required(refObject, "name", path + ".ref", doc), path + ".ref.name", doc),
                    refObject.get("namespace") == null ? null
                            : string(refObject.get("namespace"), path + ".ref.namespace", doc));
        }
        URI uri = null;
        if (destination.get("uri") != null) {
            String text = string(destination.get("uri"), path + ".uri", doc);
            try {
                uri = new URI(text);
            } catch (java.net.URISyntaxException e) {
                throw doc.error(path + ".uri is not a URI: " + e.getMessage());
            }
        }
        if (ref == null && uri == null) {
            throw doc.error(path + " needs a ref or a uri");
        }
        String audience = null;
        if (destination.containsKey("audience")) {
            if (!(destination.get("audience") instanceof String text) || text.isBlank()) {
                throw doc.error(path + ".audience must be a non-blank string (the OIDC audience of the destination),"
                        + " not " + describe(destination.get("audience")));
            }
            if (path.endsWith(".deadLetterSink")) {
                throw doc.error(path + ".audience: the local broker sends dead letters without a token; remove it");
            }
            audience = text;
        }
        try {
            return new Destination(ref, uri, audience);
        } catch (IllegalArgumentException e) {
            throw doc.error(path + ": " + e.getMessage());
        }
    }

    private static DeliverySpec delivery(Object value, String path, ManifestDocument doc) {
        Map<String, Object> delivery = object(value, path, DELIVERY_FIELDS, doc);
        int retry = 0;
        if (delivery.get("retry") != null) {
            if (!(delivery.get("retry") instanceof Integer number) || number < 0) {
                throw doc.error(path + ".retry must be a whole number of at least 0, not "
                        + describe(delivery.get("retry")));
            }
            retry = number;
        }
        BackoffPolicy policy = BackoffPolicy.EXPONENTIAL;
        if (delivery.get("backoffPolicy") != null) {
            String text = string(delivery.get("backoffPolicy"), path + ".backoffPolicy", doc);
            policy = switch (text) {
                case "exponential" -> BackoffPolicy.EXPONENTIAL;
                case "linear" -> BackoffPolicy.LINEAR;
                default -> throw doc.error(path + ".backoffPolicy must be exponential or linear, not '" + text + "'");
            };
        }
        Duration delay = DeliverySpec.DEFAULT_BACKOFF_DELAY;
        if (delivery.get("backoffDelay") != null) {
            String text = string(delivery.get("backoffDelay"), path + ".backoffDelay", doc);
            try {
                delay = Duration.parse(text);
            } catch (DateTimeParseException e) {
                throw doc.error(path + ".backoffDelay '" + text + "' is not an ISO-8601 duration such as PT0.2S");
            }
            if (delay.isNegative()) {
                throw doc.error(path + ".backoffDelay must not be negative");
            }
        }
        EventFormat format = EventFormat.BINARY;
        if (delivery.get("format") != null) {
            String text = string(delivery.get("format"), path + ".format", doc);
            format = switch (text) {
                case "binary" -> EventFormat.BINARY;
                case "json" -> EventFormat.JSON;
                default -> throw doc.error(path + ".format must be binary or json, not '" + text + "'");
            };
        }
        Destination deadLetterSink = delivery.get("deadLetterSink") == null ? null
                : destination(delivery.get("deadLetterSink"), path + ".deadLetterSink", doc);
        return new DeliverySpec(retry, policy, delay, deadLetterSink, format);
    }

}
