package io.concertsale.broker.identity;

import static io.concertsale.broker.trigger.ManifestDocument.describe;
import static io.concertsale.broker.trigger.ManifestDocument.object;
import static io.concertsale.broker.trigger.ManifestDocument.required;
import static io.concertsale.broker.trigger.ManifestDocument.string;

import io.concertsale.broker.trigger.ManifestDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads Knative EventPolicies ({@code eventing.knative.dev/v1alpha1}) from manifests (multi-document YAML, or JSON);
 * documents of other kinds are skipped. Read strictly, as the Triggers are: an unknown or misspelled field, a value of
 * the wrong type or a feature the local broker does not implement ({@code to[].selector}, {@code cesql} filters)
 * fails with a message naming the file, the document and the field, because a silently ignored key would change who
 * may send what.
 *
 * <p>A {@code from[].ref} is resolved to the identity Knative gives the resource (its OIDC service account,
 * {@link ServiceAccounts}): SinkBinding, ApiServerSource, PingSource, ContainerSource and Trigger.
 */
public final class EventPolicyManifests {

    public static final String API_VERSION = "eventing.knative.dev/v1alpha1";
    public static final String KIND = "EventPolicy";

    private static final Set<String> OBJECT_FIELDS = Set.of("apiVersion", "kind", "metadata", "spec", "status");
    private static final Set<String> METADATA_FIELDS = Set.of("name", "generateName", "namespace", "labels",
            "annotations", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
            "deletionGracePeriodSeconds", "ownerReferences", "finalizers", "managedFields", "selfLink");
    private static final Set<String> SPEC_FIELDS = Set.of("to", "from", "filters");
    private static final Set<String> TO_FIELDS = Set.of("ref", "selector");
    private static final Set<String> TO_REF_FIELDS = Set.of("apiVersion", "kind", "name");
    private static final Set<String> FROM_FIELDS = Set.of("ref", "sub");
    private static final Set<String> FROM_REF_FIELDS = Set.of("apiVersion", "kind", "name", "namespace");
    private static final Set<String> FILTER_FIELDS = Set.of("exact", "prefix", "suffix", "all", "any", "not", "cesql");
    /** The kinds whose identity a {@code from[].ref} may name, by kind: their API group. */
    private static final Map<String, String> SENDER_KINDS = Map.of(
            "SinkBinding", ServiceAccounts.SOURCES_GROUP,
            "ApiServerSource", ServiceAccounts.SOURCES_GROUP,
            "PingSource", ServiceAccounts.SOURCES_GROUP,
            "ContainerSource", ServiceAccounts.SOURCES_GROUP,
            "Trigger", ServiceAccounts.EVENTING_GROUP);
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[a-z0-9]+");
    private static final Pattern OBJECT_NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private EventPolicyManifests() {
    }

    /**
     * Reads every EventPolicy of a YAML (or JSON) text.
     *
     * @param origin where the text comes from, named in the policies and in error messages
     * @param namespace the namespace of policies and refs that name none (kubectl's {@code -n})
     * @throws InvalidEventPolicyException when the text is not YAML or a policy in it is invalid
     */
    public static List<EventPolicy> parse(String yaml, String origin, String namespace) {
        List<EventPolicy> policies = new ArrayList<>();
        int index = 0;
        for (Object document : documents(yaml, origin)) {
            index++;
            if (!(document instanceof Map<?, ?> object)) {
                continue;
            }
            if (!KIND.equals(object.get("kind")) || !(object.get("apiVersion") instanceof String apiVersion)
                    || !apiVersion.startsWith("eventing.knative.dev/")) {
                continue;
            }
            ManifestDocument doc = new ManifestDocument(origin, index, InvalidEventPolicyException::new);
            if (!apiVersion.equals(API_VERSION)) {
                throw doc.error("has apiVersion " + apiVersion + "; the local broker reads " + API_VERSION);
            }
            policies.add(policy(object, doc, namespace));
        }
        return List.copyOf(policies);
    }

    private static List<Object> documents(String yaml, String origin) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try {
            List<Object> documents = new ArrayList<>();
            new Yaml(new SafeConstructor(options)).loadAll(yaml).forEach(documents::add);
            return documents;
        } catch (YAMLException e) {
            throw new InvalidEventPolicyException(origin + ": not valid YAML: " + e.getMessage(), e);
        }
    }

    private static EventPolicy policy(Map<?, ?> document, ManifestDocument doc, String defaultNamespace) {
        Map<String, Object> object = object(document, "", OBJECT_FIELDS, doc);
        Map<String, Object> metadata = object(required(object, "metadata", "", doc), "metadata", METADATA_FIELDS, doc);
        String name = string(required(metadata, "name", "metadata", doc), "metadata.name", doc);
        if (!OBJECT_NAME.matcher(name).matches()) {
            throw doc.error("metadata.name '" + name + "' is not a valid Kubernetes name");
        }
        doc.name("EventPolicy '" + name + "'");
        String namespace = metadata.get("namespace") == null ? null
                : string(metadata.get("namespace"), "metadata.namespace", doc);
        String effectiveNamespace = namespace == null ? defaultNamespace : namespace;
        Map<String, Object> spec = object(required(object, "spec", "", doc), "spec", SPEC_FIELDS, doc);

        List<String> to = new ArrayList<>();
        List<Object> toEntries = list(spec.get("to"), "spec.to", doc);
        for (int i = 0; i < toEntries.size(); i++) {
            to.add(to(toEntries.get(i), "spec.to[" + i + "]", doc));
        }
        List<Object> fromEntries = list(spec.get("from"), "spec.from", doc);
        if (fromEntries.isEmpty()) {
            throw doc.error("spec.from needs at least one entry (a ref or a sub)");
        }
        List<String> from = new ArrayList<>();
        for (int i = 0; i < fromEntries.size(); i++) {
            from.add(from(fromEntries.get(i), "spec.from[" + i + "]", effectiveNamespace, doc));
        }
        List<EventFilter> filters = new ArrayList<>();
        List<Object> filterEntries = list(spec.get("filters"), "spec.filters", doc);
        for (int i = 0; i < filterEntries.size(); i++) {
            filters.add(filter(filterEntries.get(i), "spec.filters[" + i + "]", doc));
        }
        return new EventPolicy(name, namespace, to, from, filters, doc.origin());
    }

    private static String to(Object value, String path, ManifestDocument doc) {
        Map<String, Object> entry = object(value, path, TO_FIELDS, doc);
        if (entry.get("selector") != null) {
            throw doc.error(path + ".selector is not supported by the local broker; name the Broker in " + path
                    + ".ref");
        }
        Map<String, Object> ref = object(required(entry, "ref", path, doc), path + ".ref", TO_REF_FIELDS, doc);
        String apiVersion = string(required(ref, "apiVersion", path + ".ref", doc), path + ".ref.apiVersion", doc);
        String kind = string(required(ref, "kind", path + ".ref", doc), path + ".ref.kind", doc);
        String name = string(required(ref, "name", path + ".ref", doc), path + ".ref.name", doc);
        if (!kind.equals("Broker") || !apiVersion.startsWith(ServiceAccounts.EVENTING_GROUP + "/")) {
            throw doc.error(path + ".ref is a " + apiVersion + " " + kind + "; the local broker enforces policies"
                    + " on its Broker only (apiVersion eventing.knative.dev/v1, kind Broker)");
        }
        return name;
    }

    private static String from(Object value, String path, String namespace, ManifestDocument doc) {
        Map<String, Object> entry = object(value, path, FROM_FIELDS, doc);
        if ((entry.get("ref") == null) == (entry.get("sub") == null)) {
            throw doc.error(path + " needs exactly one of ref and sub");
        }
        if (entry.get("sub") != null) {
            String sub = string(entry.get("sub"), path + ".sub", doc);
            if (sub.isBlank()) {
                throw doc.error(path + ".sub must not be empty");
            }
            if (sub.indexOf('*') >= 0 && sub.indexOf('*') != sub.length() - 1) {
                throw doc.error(path + ".sub '" + sub + "': a '*' may only end the subject (a prefix)");
            }
            return sub;
        }
        Map<String, Object> ref = object(entry.get("ref"), path + ".ref", FROM_REF_FIELDS, doc);
        String apiVersion = string(required(ref, "apiVersion", path + ".ref", doc), path + ".ref.apiVersion", doc);
        String kind = string(required(ref, "kind", path + ".ref", doc), path + ".ref.kind", doc);
        String name = string(required(ref, "name", path + ".ref", doc), path + ".ref.name", doc);
        String refNamespace = ref.get("namespace") == null ? namespace
                : string(ref.get("namespace"), path + ".ref.namespace", doc);
        String group = SENDER_KINDS.get(kind);
        if (group == null) {
            throw doc.error(path + ".ref.kind " + kind + " has no identity the local broker knows; use one of "
                    + String.join(", ", new TreeSet<>(SENDER_KINDS.keySet())) + ", or name the subject in sub");
        }
        if (!apiVersion.startsWith(group + "/")) {
            throw doc.error(path + ".ref.apiVersion " + apiVersion + " is not of " + group + ", the group of "
                    + kind);
        }
        if (!OBJECT_NAME.matcher(name).matches()) {
            throw doc.error(path + ".ref.name '" + name + "' is not a valid Kubernetes name");
        }
        return ServiceAccounts.subject(refNamespace, group, kind, name);
    }

    private static EventFilter filter(Object value, String path, ManifestDocument doc) {
        Map<String, Object> filter = object(value, path, FILTER_FIELDS, doc);
        if (filter.containsKey("cesql")) {
            throw doc.error(path + ".cesql: CloudEvents SQL filters are not supported by the local broker; use exact,"
                    + " prefix, suffix, all, any or not");
        }
        if (filter.size() != 1) {
            throw doc.error(path + " needs exactly one of exact, prefix, suffix, all, any, not; it has "
                    + (filter.isEmpty() ? "none" : String.join(", ", filter.keySet())));
        }
        Map.Entry<String, Object> dialect = filter.entrySet().iterator().next();
        String at = path + "." + dialect.getKey();
        return switch (dialect.getKey()) {
            case "exact", "prefix", "suffix" -> attribute(dialect.getKey(), dialect.getValue(), at, doc);
            case "all", "any" -> {
                List<Object> entries = list(dialect.getValue(), at, doc);
                if (entries.isEmpty()) {
                    throw doc.error(at + " needs at least one filter");
                }
                List<EventFilter> filters = new ArrayList<>();
                for (int i = 0; i < entries.size(); i++) {
                    filters.add(filter(entries.get(i), at + "[" + i + "]", doc));
                }
                yield dialect.getKey().equals("all") ? new EventFilter.All(filters) : new EventFilter.Any(filters);
            }
            case "not" -> new EventFilter.Not(filter(dialect.getValue(), at, doc));
            default -> throw new IllegalStateException(dialect.getKey());
        };
    }

    private static EventFilter attribute(String dialect, Object value, String path, ManifestDocument doc) {
        if (!(value instanceof Map<?, ?> map) || map.size() != 1) {
            throw doc.error(path + " must be a mapping of exactly one attribute name to a string, not "
                    + describe(value));
        }
        Map.Entry<?, ?> entry = map.entrySet().iterator().next();
        String attribute = String.valueOf(entry.getKey());
        if (!ATTRIBUTE_NAME.matcher(attribute).matches()) {
            throw doc.error(path + "." + attribute + ": attribute names are lower-case letters and digits only");
        }
        if (!(entry.getValue() instanceof String text)) {
            throw doc.error(path + "." + attribute + " must be a string (quote it in YAML), not "
                    + describe(entry.getValue()));
        }
        if (text.isEmpty()) {
            throw doc.error(path + "." + attribute + " must not be empty");
        }
        return switch (dialect) {
            case "exact" -> new EventFilter.Exact(attribute, text);
            case "prefix" -> new EventFilter.Prefix(attribute, text);
            default -> new EventFilter.Suffix(attribute, text);
        };
    }

    private static List<Object> list(Object value, String path, ManifestDocument doc) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw doc.error(path + " must be a list, not " + describe(value));
        }
        return new ArrayList<>(list);
    }
}
