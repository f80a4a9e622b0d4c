package io.concertsale.router.deployment;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.ResourcePatternResolver;

/**
 * The models found at {@code router.models-location} when the router started, by name (the file name without
 * {@code .bpmn}). A file that is not valid BPMN is left out with an error in the log; of two files with the same
 * name, the first found wins.
 */
public class BundledModels {

    private static final Logger log = LoggerFactory.getLogger(BundledModels.class);
    private static final String SUFFIX = ".bpmn";

    private final Map<String, BundledModel> models;

    public BundledModels(List<BundledModel> models) {
        Map<String, BundledModel> byName = new LinkedHashMap<>();
        models.stream().sorted(Comparator.comparing(BundledModel::name))
                .forEach(model -> byName.putIfAbsent(model.name(), model));
        this.models = byName;
    }

    /** Loads the models at the location (a Spring resource pattern such as {@code classpath*:bpmn/*.bpmn}). */
    public static BundledModels load(ResourcePatternResolver resolver, String location, BpmnModels bpmn) {
        Resource[] resources;
        try {
            resources = resolver.getResources(location);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the models at " + location, e);
        }
        Arrays.sort(resources, Comparator.comparing(BundledModels::description));
        List<BundledModel> models = new ArrayList<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (Resource resource : resources) {
            String file = resource.getFilename();
            if (file == null || !file.endsWith(SUFFIX) || !resource.isReadable()) {
                continue;
            }
            String name = file.substring(0, file.length() - SUFFIX.length());
            if (origins.containsKey(name)) {
                log.warn("Model {} at {} ignored: {} has the same name", name, description(resource), origins.get(name));
                continue;
            }
            byte[] xml;
            try (InputStream in = resource.getInputStream()) {
                xml = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read the model " + description(resource), e);
            }
            try {
                models.add(new BundledModel(name, bpmn.inspect(file, xml), xml));
                origins.put(name, description(resource));
            } catch (InvalidModelException e) {
                log.error("Model {} at {} is left out: {}", name, description(resource), e.getMessage());
            }
        }
        log.info("{} bundled models at {}: {}", models.size(), location, models.stream().map(BundledModel::name).toList());
        return new BundledModels(models);
    }

    private static String description(Resource resource) {
        return resource.getDescription();
    }

    /** Every model, by name. */
    public List<BundledModel> all() {
        return List.copyOf(models.values());
    }

    public Optional<BundledModel> find(String name) {
        return Optional.ofNullable(models.get(name));
    }
}
