package io.banyan.cli.deploy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Kubernetes manifests of {@code deploy/kubernetes}, parsed strictly into the Kubernetes API's model (fabric8
 * kubernetes-model): a kind this map does not know, an apiVersion that is not the kind's, a value of the wrong type or
 * a field the API does not have is an error naming the file, the document and the field.
 */
final class KubernetesManifests {

    /** The kinds deploy files may use; add one here (with its model class) to use it. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("Namespace", Namespace.class), Map.entry("Secret", Secret.class),
            Map.entry("ConfigMap", ConfigMap.class), Map.entry("Service", Service.class),
            Map.entry("ServiceAccount", ServiceAccount.class), Map.entry("Deployment", Deployment.class),
            Map.entry("StatefulSet", StatefulSet.class), Map.entry("DaemonSet", DaemonSet.class),
            Map.entry("Job", Job.class), Map.entry("CronJob", CronJob.class), Map.entry("Role", Role.class),
            Map.entry("RoleBinding", RoleBinding.class), Map.entry("ClusterRole", ClusterRole.class),
            Map.entry("ClusterRoleBinding", ClusterRoleBinding.class));

    /** Unknown properties fail where Jackson sees them; the model's catch-all maps are checked after parsing. */
    private static final ObjectMapper MAPPER = new YAMLMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS);

    private KubernetesManifests() {
    }

    /** One parsed document: its file, its index in the file (from 0) and the resource. */
    record Manifest(Path file, int index, HasMetadata resource) {

        String namespace() {
            String namespace = resource.getMetadata().getNamespace();
            return namespace == null ? "default" : namespace;
        }

        String describe() {
            return DeployFiles.name(file) + " document " + index + " (" + resource.getKind() + " "
                    + resource.getMetadata().getName() + ")";
        }

        /** The pod template of a workload, if this is one. */
        Optional<PodTemplateSpec> podTemplate() {
            if (resource instanceof Deployment d) {
                return Optional.of(d.getSpec().getTemplate());
            } else if (resource instanceof StatefulSet s) {
                return Optional.of(s.getSpec().getTemplate());
            } else if (resource instanceof DaemonSet d) {
                return Optional.of(d.getSpec().getTemplate());
            } else if (resource instanceof Job j) {
                return Optional.of(j.getSpec().getTemplate());
            } else if (resource instanceof CronJob c) {
                return Optional.of(c.getSpec().getJobTemplate().getSpec().getTemplate());
            }
            return Optional.empty();
        }
    }

    /** Every document of every {@code .yaml} file under deploy/kubernetes; throws naming the first bad one. */
    static List<Manifest> all() {
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : DeployFiles.under(DeployFiles.KUBERNETES, ".yaml")) {
            List<JsonNode> documents = DeployFiles.yamlDocuments(file);
            for (int i = 0; i < documents.size(); i++) {
                manifests.add(new Manifest(file, i, parse(documents.get(i), DeployFiles.name(file) + " document " + i)));
            }
        }
        return manifests;
    }

    /** {@code document} as its kind's model object; throws IllegalArgumentException naming what is wrong. */
    static HasMetadata parse(JsonNode document, String where) {
        String kind = document.path("kind").asText("");
        Class<? extends HasMetadata> type = KINDS.get(kind);
        if (type == null) {
            throw new IllegalArgumentException(where + ": kind '" + kind + "' (expected one of " + KINDS.keySet()
                    + "; add a kind to KubernetesManifests.KINDS)");
        }
        String apiVersion = HasMetadata.getApiVersion(type);
        if (!apiVersion.equals(document.path("apiVersion").asText(""))) {
            throw new IllegalArgumentException(where + ": apiVersion '" + document.path("apiVersion").asText("")
                    + "' of " + kind + " (expected: " + apiVersion + ")");
        }
        HasMetadata resource;
        try {
            resource = MAPPER.treeToValue(document, type);
        } catch (Exception e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (resource.getMetadata() == null || resource.getMetadata().getName() == null) {
            throw new IllegalArgumentException(where + ": metadata.name missing (expected: every object named)");
        }
        List<String> unknown = new ArrayList<>();
        unknownFields(resource, kind, unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(where + ": unknown field(s) " + unknown
                    + " (expected: only fields of the Kubernetes API)");
        }
        return resource;
    }

    /**
     * The fabric8 model keeps a field it does not know in each object's {@code additionalProperties} instead of
     * failing: collect their paths, walking the JSON properties of every model object.
     */
    private static void unknownFields(Object value, String path, List<String> found) {
        if (value == null) {
            return;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                unknownFields(list.get(i), path + "[" + i + "]", found);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, found));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        BeanDescription bean = MAPPER.getSerializationConfig().introspect(MAPPER.constructType(value.getClass()));
        AnnotatedMember anyGetter = bean.findAnyGetter();
        if (anyGetter != null && anyGetter.getValue(value) instanceof Map<?, ?> extra) {
            extra.keySet().forEach(key -> found.add(path + "." + key));
        }
        for (BeanPropertyDefinition property : bean.findProperties()) {
            AnnotatedMember accessor = property.getAccessor();
            if (accessor != null) {
                unknownFields(accessor.getValue(value), path + "." + property.getName(), found);
            }
        }
    }
}
