package io.concertsale.charts;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/**
 * What {@code helm template} made of a chart.
 *
 * @param chart the chart
 * @param text the whole rendered text
 * @param manifests its documents
 */
record Rendered(String chart, String text, List<Manifest> manifests) {

    static Rendered parse(String chart, String text) {
        return new Rendered(chart, text, Manifest.parseAll(chart, text));
    }

    /** The typed resources of a class. */
    <T extends HasMetadata> List<T> all(Class<T> type) {
        return manifests.stream().map(Manifest::resource).filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
        return all(type).stream().filter(resource -> resource.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> type, String name) {
        return find(type, name).orElseThrow(() -> new AssertionError(
                "no " + type.getSimpleName() + " " + name + " in " + chart + ": " + manifests));
    }
}
