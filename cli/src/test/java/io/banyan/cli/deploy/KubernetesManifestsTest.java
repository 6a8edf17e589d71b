package io.banyan.cli.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.banyan.cli.deploy.KubernetesManifests.Manifest;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * deploy/kubernetes against the Kubernetes API's model, strictly (unknown fields refused), and the checks a schema
 * cannot do: what a manifest references exists, probes reach ports that exist, sidecars are native sidecars, memory
 * limits cover the measured peak RSS, and a pod's grace period covers its sidecar's drain.
 */
class KubernetesManifestsTest {

    /** {@code kubectl -n NS create secret|configmap generic? NAME} in a file: made by the operator, documented. */
    private static final Pattern DOCUMENTED = Pattern.compile(
            "kubectl -n (\\S+) create (secret generic|configmap) ([a-z0-9.-]+)");
    /** A loopback URL in an exec probe or hook. */
    private static final Pattern LOOPBACK_URL = Pattern.compile("http://(?:127\\.0\\.0\\.1|localhost):(\\d+)(/\\S*)?");
    private static final Pattern SLEEP = Pattern.compile("\\bsleep (\\d+)\\b");
    private static final Pattern BANYAN_IMAGE = Pattern.compile("(^|/)banyan:");
    private static final String SERVICE_ACCOUNT = "ServiceAccount";
    /** The kubelet's default grace period. */
    private static final long DEFAULT_GRACE_SECONDS = 30;

    private static List<Manifest> manifests;

    @BeforeAll
    static void parse() {
        manifests = KubernetesManifests.all();
    }

    @Test
    void everyManifestParsesStrictlyIntoTheKubernetesModel() {
        assertThat(manifests).extracting(m -> m.resource().getKind() + "/" + m.resource().getMetadata().getName())
                .contains("StatefulSet/banyan-control-plane", "StatefulSet/banyan-etcd", "Deployment/orders",
                        "Job/banyan-join-token-orders", "Secret/orders-join-token", "Role/banyan-join-token-writer");
    }

    @Test
    void theParserRefusesUnknownFieldsWrongTypesAndWrongApiVersions() throws Exception {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replicas: %s
                  selector: {matchLabels: {app: x}}
                  template:
                    metadata: {labels: {app: x}}
                    spec:
                      containers:
                        - {name: x, image: x, %s: Always}
                """;
        YAMLMapper yaml = new YAMLMapper();
        JsonNode good = yaml.readTree(deployment.formatted("1", "imagePullPolicy"));
        assertThat(KubernetesManifests.parse(good, "good").getMetadata().getName()).isEqualTo("x");

        assertThatThrownBy(() -> KubernetesManifests.parse(yaml.readTree(deployment.formatted("1", "imagePulPolicy")),
                "typo")).hasMessageContaining("spec.template.spec.containers[0].imagePulPolicy");
        assertThatThrownBy(() -> KubernetesManifests.parse(yaml.readTree(deployment.formatted("three",
                "imagePullPolicy")), "type")).hasMessageContaining("type:");
        JsonNode wrongVersion = yaml.readTree(deployment.formatted("1", "imagePullPolicy")
                .replace("apps/v1", "extensions/v1beta1"));
        assertThatThrownBy(() -> KubernetesManifests.parse(wrongVersion, "version"))
                .hasMessageContaining("apiVersion 'extensions/v1beta1' of Deployment (expected: apps/v1)");
    }

    @Test
    void everyReferencedSecretConfigMapServiceAccountAndVolumeExists() {
        List<String> missing = new ArrayList<>();
        Set<String> documented = documented();
        for (Manifest manifest : manifests) {
            String ns = manifest.namespace();
            manifest.podTemplate().ifPresent(template -> {
                PodSpec pod = template.getSpec();
                String account = pod.getServiceAccountName();
                if (account != null && !"default".equals(account) && find(SERVICE_ACCOUNT, ns, account) == null) {
                    missing.add(manifest.describe() + ": ServiceAccount " + ns + "/" + account);
                }
                for (Container container : containers(pod)) {
                    for (EnvVar env : list(container.getEnv())) {
                        if (env.getValueFrom() == null) {
                            continue;
                        }
                        var secretRef = env.getValueFrom().getSecretKeyRef();
                        if (secretRef != null && !Boolean.TRUE.equals(secretRef.getOptional())) {
                            checkSecretKey(manifest, ns, secretRef.getName(), secretRef.getKey(), documented, missing);
                        }
                        var configRef = env.getValueFrom().getConfigMapKeyRef();
                        if (configRef != null && !Boolean.TRUE.equals(configRef.getOptional())
                                && !exists("ConfigMap", ns, configRef.getName(), documented)) {
                            missing.add(manifest.describe() + ": ConfigMap " + ns + "/" + configRef.getName());
                        }
                    }
                    for (EnvFromSource from : list(container.getEnvFrom())) {
                        if (from.getSecretRef() != null && !exists("Secret", ns, from.getSecretRef().getName(), documented)) {
                            missing.add(manifest.describe() + ": Secret " + ns + "/" + from.getSecretRef().getName());
                        }
                        if (from.getConfigMapRef() != null
                                && !exists("ConfigMap", ns, from.getConfigMapRef().getName(), documented)) {
                            missing.add(manifest.describe() + ": ConfigMap " + ns + "/" + from.getConfigMapRef().getName());
                        }
                    }
                    Set<String> volumes = volumeNames(manifest, pod);
                    container.getVolumeMounts().stream().filter(mount -> !volumes.contains(mount.getName()))
                            .forEach(mount -> missing.add(manifest.describe() + ": container " + container.getName()
                                    + " mounts volume " + mount.getName() + ", which the pod does not have"));
                }
                for (Volume volume : list(pod.getVolumes())) {
                    if (volume.getSecret() != null && !exists("Secret", ns, volume.getSecret().getSecretName(), documented)) {
                        missing.add(manifest.describe() + ": Secret " + ns + "/" + volume.getSecret().getSecretName());
                    }
                    if (volume.getConfigMap() != null && !exists("ConfigMap", ns, volume.getConfigMap().getName(), documented)) {
                        missing.add(manifest.describe() + ": ConfigMap " + ns + "/" + volume.getConfigMap().getName());
                    }
                }
            });
            if (manifest.resource() instanceof RoleBinding binding) {
                if (find(binding.getRoleRef().getKind(), ns, binding.getRoleRef().getName()) == null) {
                    missing.add(manifest.describe() + ": " + binding.getRoleRef().getKind() + " " + ns + "/"
                            + binding.getRoleRef().getName());
                }
                for (Subject subject : binding.getSubjects()) {
                    if (SERVICE_ACCOUNT.equals(subject.getKind())
                            && find(SERVICE_ACCOUNT, subject.getNamespace(), subject.getName()) == null) {
                        missing.add(manifest.describe() + ": ServiceAccount " + subject.getNamespace() + "/"
                                + subject.getName());
                    }
                }
            }
            if (manifest.resource() instanceof Service service && service.getSpec().getSelector() != null
                    && manifests.stream().filter(m -> m.namespace().equals(ns)).flatMap(m -> m.podTemplate().stream())
                    .noneMatch(t -> labels(t).entrySet().containsAll(service.getSpec().getSelector().entrySet()))) {
                missing.add(manifest.describe() + ": no pod template in " + ns + " has the labels of its selector "
                        + service.getSpec().getSelector());
            }
        }
        assertThat(missing).as("references to objects that are neither defined in deploy/kubernetes nor documented "
                + "as made by the operator (kubectl -n NS create secret generic NAME)").isEmpty();
    }

    @Test
    void probesAndHooksReachPortsThatExist() {
        List<String> wrong = new ArrayList<>();
        forEachContainer((manifest, pod, container) -> {
            Set<Integer> loopbackPorts = loopbackPorts(pod);
            String where = manifest.describe() + " container " + container.getName();
            for (Map.Entry<String, Object> hook : hooks(container).entrySet()) {
                HTTPGetAction httpGet = hook.getValue() instanceof Probe probe ? probe.getHttpGet()
                        : ((LifecycleHandler) hook.getValue()).getHttpGet();
                if (httpGet != null && !hasPort(container, httpGet.getPort())) {
                    wrong.add(where + " " + hook.getKey() + ": port " + portText(httpGet.getPort())
                            + " is not one of the container's ports");
                }
                if (httpGet != null && isMeshProxy(container) && !isMetricsPort(container, httpGet.getPort())) {
                    wrong.add(where + " " + hook.getKey() + ": httpGet from the kubelet cannot reach the admin port, "
                            + "which listens on 127.0.0.1 (expected: httpGet on the container's --metrics-port, "
                            + "BANYAN_METRICS_PORT, or exec curl http://127.0.0.1:ADMIN/...)");
                }
                ExecAction exec = hook.getValue() instanceof Probe probe ? probe.getExec()
                        : ((LifecycleHandler) hook.getValue()).getExec();
                if (exec != null) {
                    Matcher url = LOOPBACK_URL.matcher(String.join(" ", exec.getCommand()));
                    while (url.find()) {
                        if (!loopbackPorts.contains(Integer.parseInt(url.group(1)))) {
                            wrong.add(where + " " + hook.getKey() + ": " + url.group() + " (expected a port some "
                                    + "container of the pod listens on: " + loopbackPorts + ")");
                        }
                    }
                }
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void sidecarsAreNativeSidecarsThatStartOnlyOnceReady() {
        List<String> wrong = new ArrayList<>();
        int sidecars = 0;
        for (Manifest manifest : workloads()) {
            PodSpec pod = manifest.podTemplate().orElseThrow().getSpec();
            for (Container container : list(pod.getContainers())) {
                if (isMeshProxy(container)) {
                    wrong.add(manifest.describe() + ": " + container.getName() + " is a regular container (expected: "
                            + "an init container with restartPolicy Always, a native sidecar)");
                }
            }
            for (Container container : list(pod.getInitContainers())) {
                if (!isMeshProxy(container)) {
                    continue;
                }
                sidecars++;
                if (!"Always".equals(container.getRestartPolicy())) {
                    wrong.add(manifest.describe() + ": " + container.getName() + " restartPolicy "
                            + container.getRestartPolicy() + " (expected: Always, a native sidecar)");
                }
                Probe startup = container.getStartupProbe();
                boolean onAdminPort = startup != null && startup.getExec() != null
                        && String.join(" ", startup.getExec().getCommand()).contains(":" + adminPort(container) + "/ready");
                boolean onMetricsPort = startup != null && startup.getHttpGet() != null
                        && "/ready".equals(startup.getHttpGet().getPath())
                        && isMetricsPort(container, startup.getHttpGet().getPort());
                if (!onAdminPort && !onMetricsPort) {
                    wrong.add(manifest.describe() + ": " + container.getName() + " has no startupProbe on /ready of "
                            + "its admin port " + adminPort(container) + " (exec curl) or of its metrics port (httpGet)");
                }
            }
        }
        assertThat(sidecars).as("sidecar containers found").isPositive();
        assertThat(wrong).isEmpty();
    }

    @Test
    void memoryLimitsCoverTheMeasuredPeakRss() {
        List<String> wrong = new ArrayList<>();
        List<String> checked = new ArrayList<>();
        forEachContainer((manifest, pod, container) -> {
            String command = banyanCommand(container);
            if (command == null || !List.of("sidecar", "gateway", "control-plane").contains(command)) {
                return;
            }
            String where = manifest.describe() + " container " + container.getName();
            Quantity limit = container.getResources() == null || container.getResources().getLimits() == null ? null
                    : container.getResources().getLimits().get("memory");
            if (limit == null) {
                wrong.add(where + ": no memory limit");
                return;
            }
            BigDecimal limitBytes = Quantity.getAmountInBytes(limit);
            long measured = MeasuredMemory.peakBytes(command);
            checked.add(where);
            if (limitBytes.compareTo(BigDecimal.valueOf(measured)) < 0) {
                wrong.add(where + ": memory limit " + limit + " below the measured peak RSS of " + command + ", "
                        + measured / (1024 * 1024) + " MiB (deploy/README.md, Memory)");
            }
            Quantity request = container.getResources().getRequests() == null ? null
                    : container.getResources().getRequests().get("memory");
            if (request != null && Quantity.getAmountInBytes(request).compareTo(limitBytes) > 0) {
                wrong.add(where + ": memory request " + request + " above its limit " + limit);
            }
        });
        assertThat(checked).as("containers whose memory was checked").hasSizeGreaterThanOrEqualTo(3);
        assertThat(wrong).isEmpty();
    }

    @Test
    void theGracePeriodCoversTheAppsPreStopAndTheSidecarsDrain() {
        List<String> wrong = new ArrayList<>();
        int pods = 0;
        for (Manifest manifest : workloads()) {
            PodSpec pod = manifest.podTemplate().orElseThrow().getSpec();
            Container proxy = containers(pod).stream().filter(KubernetesManifestsTest::isMeshProxy).findFirst()
                    .orElse(null);
            if (proxy == null) {
                continue;
            }
            pods++;
            Map<String, String> env = plainEnv(proxy);
            Drain drain = Drain.of(banyanCommand(proxy), env::get);
            long preStop = 0;
            for (Container app : list(pod.getContainers())) {
                String hook = app.getLifecycle() == null || app.getLifecycle().getPreStop() == null
                        || app.getLifecycle().getPreStop().getExec() == null ? ""
                        : String.join(" ", app.getLifecycle().getPreStop().getExec().getCommand());
                Matcher sleep = SLEEP.matcher(hook);
                if (!hook.contains("-X POST http://127.0.0.1:" + adminPort(proxy) + "/drain") || !sleep.find()) {
                    wrong.add(manifest.describe() + ": container " + app.getName() + " has no preStop that drains the "
                            + "sidecar and waits (expected: curl -X POST http://127.0.0.1:" + adminPort(proxy)
                            + "/drain; sleep N)");
                    continue;
                }
                long seconds = Long.parseLong(sleep.group(1));
                if (Duration.ofSeconds(seconds).compareTo(drain.delay()) < 0) {
                    wrong.add(manifest.describe() + ": container " + app.getName() + " preStop sleeps " + seconds
                            + " s, less than the sidecar's drain delay " + drain.delay().toSeconds() + " s");
                }
                preStop = Math.max(preStop, seconds);
            }
            long grace = Objects.requireNonNullElse(pod.getTerminationGracePeriodSeconds(), DEFAULT_GRACE_SECONDS);
            long needed = preStop + drain.total().toSeconds();
            if (grace < needed) {
                wrong.add(manifest.describe() + ": terminationGracePeriodSeconds " + grace + " < " + needed
                        + " (the app's preStop " + preStop + " s + the sidecar's drain delay "
                        + drain.delay().toSeconds() + " s + drain timeout " + drain.timeout().toSeconds() + " s)");
            }
        }
        assertThat(pods).as("pods with a sidecar").isPositive();
        assertThat(wrong).isEmpty();
    }

    // --- the manifests' vocabulary ---

    private interface ContainerCheck {
        void check(Manifest manifest, PodSpec pod, Container container);
    }

    private static void forEachContainer(ContainerCheck check) {
        for (Manifest manifest : workloads()) {
            PodSpec pod = manifest.podTemplate().orElseThrow().getSpec();
            containers(pod).forEach(container -> check.check(manifest, pod, container));
        }
    }

    /** The manifests with a pod template. */
    private static List<Manifest> workloads() {
        return manifests.stream().filter(manifest -> manifest.podTemplate().isPresent()).toList();
    }

    private static List<Container> containers(PodSpec pod) {
        return Stream.concat(list(pod.getInitContainers()).stream(), list(pod.getContainers()).stream()).toList();
    }

    private static <T> List<T> list(List<T> items) {
        return items == null ? List.of() : items;
    }

    private static Map<String, String> labels(PodTemplateSpec template) {
        return template.getMetadata() == null || template.getMetadata().getLabels() == null ? Map.of()
                : template.getMetadata().getLabels();
    }

    /** The banyan command a container runs ({@code sidecar}, ...): its first argument, or null if not the launcher. */
    static String banyanCommand(Container container) {
        if (container.getImage() == null || !BANYAN_IMAGE.matcher(container.getImage()).find()
                || container.getCommand() != null && !container.getCommand().isEmpty()
                || container.getArgs() == null || container.getArgs().isEmpty()) {
            return null;
        }
        return container.getArgs().get(0);
    }

    private static boolean isMeshProxy(Container container) {
        String command = banyanCommand(container);
        return "sidecar".equals(command) || "gateway".equals(command);
    }

    /** The container's env values given inline (valueFrom ones left out). */
    private static Map<String, String> plainEnv(Container container) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar var : list(container.getEnv())) {
            if (var.getValue() != null) {
                env.put(var.getName(), var.getValue());
            }
        }
        return env;
    }

    private static int adminPort(Container container) {
        return Integer.parseInt(CliOptions.valueOr(plainEnv(container).get("BANYAN_ADMIN_PORT"),
                banyanCommand(container), "--admin-port"));
    }

    /** The ports processes of the pod listen on: every containerPort and the banyan containers' admin ports. */
    private static Set<Integer> loopbackPorts(PodSpec pod) {
        Set<Integer> ports = new HashSet<>();
        for (Container container : containers(pod)) {
            list(container.getPorts()).forEach(port -> ports.add(port.getContainerPort()));
            String command = banyanCommand(container);
            if (command != null && CliOptions.defaultValue(command, "--admin-port").isPresent()) {
                ports.add(adminPort(container));
            }
        }
        return ports;
    }

    private static Map<String, Object> hooks(Container container) {
        Map<String, Object> hooks = new HashMap<>();
        if (container.getStartupProbe() != null) {
            hooks.put("startupProbe", container.getStartupProbe());
        }
        if (container.getReadinessProbe() != null) {
            hooks.put("readinessProbe", container.getReadinessProbe());
        }
        if (container.getLivenessProbe() != null) {
            hooks.put("livenessProbe", container.getLivenessProbe());
        }
        if (container.getLifecycle() != null && container.getLifecycle().getPreStop() != null) {
            hooks.put("preStop", container.getLifecycle().getPreStop());
        }
        if (container.getLifecycle() != null && container.getLifecycle().getPostStart() != null) {
            hooks.put("postStart", container.getLifecycle().getPostStart());
        }
        return hooks;
    }

    /** Whether {@code port} (a number or a port's name) is the container's {@code BANYAN_METRICS_PORT}. */
    private static boolean isMetricsPort(Container container, IntOrString port) {
        String metrics = plainEnv(container).get("BANYAN_METRICS_PORT");
        if (metrics == null) {
            return false;
        }
        Integer number = port.getIntVal() != null ? port.getIntVal() : list(container.getPorts()).stream()
                .filter(p -> port.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort).findFirst()
                .orElse(null);
        return Integer.valueOf(metrics).equals(number);
    }

    private static boolean hasPort(Container container, IntOrString port) {
        return list(container.getPorts()).stream().anyMatch(p -> port.getIntVal() != null
                ? port.getIntVal().equals(p.getContainerPort()) : port.getStrVal().equals(p.getName()));
    }

    private static String portText(IntOrString port) {
        return port.getIntVal() != null ? port.getIntVal().toString() : port.getStrVal();
    }

    private static Set<String> volumeNames(Manifest manifest, PodSpec pod) {
        Set<String> names = new HashSet<>();
        list(pod.getVolumes()).forEach(volume -> names.add(volume.getName()));
        if (manifest.resource() instanceof StatefulSet set) {
            list(set.getSpec().getVolumeClaimTemplates()).forEach(claim -> names.add(claim.getMetadata().getName()));
        }
        return names;
    }

    private static Manifest find(String kind, String namespace, String name) {
        return manifests.stream().filter(m -> m.resource().getKind().equals(kind)
                        && m.resource().getMetadata().getName().equals(name)
                        && (kind.startsWith("Cluster") || kind.equals("Namespace") || m.namespace().equals(namespace)))
                .findFirst().orElse(null);
    }

    /** Secrets and ConfigMaps the files tell the operator to create, as "Kind/namespace/name". */
    private static Set<String> documented() {
        Set<String> names = new HashSet<>();
        for (var file : DeployFiles.under(DeployFiles.KUBERNETES, ".yaml")) {
            Matcher matcher = DOCUMENTED.matcher(DeployFiles.read(file));
            while (matcher.find()) {
                names.add((matcher.group(2).startsWith("secret") ? "Secret" : "ConfigMap") + "/" + matcher.group(1)
                        + "/" + matcher.group(3));
            }
        }
        return names;
    }

    private static boolean exists(String kind, String namespace, String name, Set<String> documented) {
        return find(kind, namespace, name) != null || documented.contains(kind + "/" + namespace + "/" + name);
    }

    /**
     * A Secret key a container reads exists: the Secret is documented as made by the operator, defines the key, or is
     * filled by a Job (or CronJob) whose ServiceAccount a Role lets patch exactly this Secret.
     */
    private static void checkSecretKey(Manifest manifest, String ns, String name, String key, Set<String> documented,
                                       List<String> missing) {
        Manifest secret = find("Secret", ns, name);
        if (secret == null) {
            if (!documented.contains("Secret/" + ns + "/" + name)) {
                missing.add(manifest.describe() + ": Secret " + ns + "/" + name);
            }
            return;
        }
        Secret value = (Secret) secret.resource();
        boolean defined = value.getData() != null && value.getData().containsKey(key)
                || value.getStringData() != null && value.getStringData().containsKey(key);
        if (!defined && !filledByJob(ns, name)) {
            missing.add(manifest.describe() + ": key '" + key + "' of Secret " + ns + "/" + name + " (neither defined "
                    + "nor written by a Job whose ServiceAccount may patch the Secret)");
        }
    }

    private static boolean filledByJob(String ns, String secret) {
        Set<String> writers = new HashSet<>();
        for (Manifest manifest : manifests) {
            if (manifest.resource() instanceof Role role && manifest.namespace().equals(ns)
                    && list(role.getRules()).stream().anyMatch(rule -> patches(rule, secret))) {
                for (Manifest binding : manifests) {
                    if (binding.resource() instanceof RoleBinding b && binding.namespace().equals(ns)
                            && "Role".equals(b.getRoleRef().getKind())
                            && role.getMetadata().getName().equals(b.getRoleRef().getName())) {
                        list(b.getSubjects()).stream().filter(s -> SERVICE_ACCOUNT.equals(s.getKind()))
                                .forEach(s -> writers.add(s.getNamespace() + "/" + s.getName()));
                    }
                }
            }
        }
        return manifests.stream().filter(m -> m.resource() instanceof Job || m.resource() instanceof CronJob)
                .anyMatch(m -> writers.contains(m.namespace() + "/"
                        + m.podTemplate().map(t -> t.getSpec().getServiceAccountName()).orElse("default")));
    }

    private static boolean patches(PolicyRule rule, String secret) {
        return list(rule.getApiGroups()).contains("") && list(rule.getResources()).contains("secrets")
                && list(rule.getResourceNames()).contains(secret)
                && (list(rule.getVerbs()).contains("patch") || list(rule.getVerbs()).contains("update"));
    }
}
