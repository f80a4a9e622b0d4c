package io.concertsale.broker.manifests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The manifest files of {@code knative/} as the broker jar ships them (copied at build time). */
final class KnativeManifests {

    static final String LOCATION = "classpath*:knative/*.yaml";

    private KnativeManifests() {
    }

    /** One manifest file. */
    record ManifestFile(String name, String text) {

        /** Every non-empty document, parsed. */
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> documents() {
            List<Map<String, Object>> documents = new ArrayList<>();
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(text)) {
                if (document != null) {
                    documents.add((Map<String, Object>) document);
                }
            }
            return documents;
        }

        /** The raw text of each document, comments included, split at the {@code ---} lines. */
        List<String> rawDocuments() {
            return Arrays.stream(text.split("(?m)^---\\s*$")).filter(part -> part.contains("kind:")).toList();
        }
    }

    static List<ManifestFile> files() {
        try {
            Resource[] resources = new PathMatchingResourcePatternResolver().getResources(LOCATION);
            return Arrays.stream(resources)
                    .sorted(Comparator.comparing(Resource::getFilename))
                    .map(resource -> new ManifestFile(resource.getFilename(), read(resource)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every document of every file. */
    static List<Map<String, Object>> documents() {
        return files().stream().flatMap(file -> file.documents().stream()).toList();
    }

    private static String read(Resource resource) {
        try {
            return resource.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
