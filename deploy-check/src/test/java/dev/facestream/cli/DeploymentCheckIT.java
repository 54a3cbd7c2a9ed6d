package dev.facestream.cli;

import dev.facestream.producer.FaceCropProducer;
import dev.facestream.detector.KeypointDetector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facestream.cli.ComposeModel.Mount;
import dev.facestream.cli.DockerfileModel.Instruction;
import dev.facestream.cli.DockerfileModel.Stage;
import dev.facestream.core.metrics.MetricNames;
import dev.facestream.core.wire.Topics;
import dev.facestream.connect.KafkaConnection;
import dev.facestream.connect.MetricsServer;
import dev.facestream.pipeline.RunResult;
import dev.facestream.pipeline.Samples;
import dev.facestream.pipeline.StreamRun;
import dev.facestream.testkit.TestModels;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The deployment (docker-compose.yml, its override files, deploy/) checked without a Docker
 * engine, against the real application: the picocli model of {@link Main} (which variables a
 * command reads, what a service's environment parses to), a real {@code /metrics} scrape of a
 * pipeline run, CI's Maven command. When a {@code docker compose} or {@code docker-compose} binary
 * is installed, its {@code config -q} must accept every combination of files too.
 *
 * <p>In package {@code dev.facestream.cli} to use {@link EnvironmentDefaults#variableFor}, the
 * application's own option-to-variable rule.
 */
class DeploymentCheckIT {
    static final Path ROOT = TestModels.root().toAbsolutePath().normalize();
    static final Path COMPOSE = ROOT.resolve("docker-compose.yml");
    static final Path GPU = ROOT.resolve("docker-compose.gpu.yml");
    static final Path WEBCAM = ROOT.resolve("docker-compose.webcam.yml");
    static final Path DOCKERFILE = ROOT.resolve("deploy/Dockerfile");
    static final Path ENTRYPOINT = ROOT.resolve("deploy/entrypoint.sh");
    static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus/prometheus.yml");
    static final Path DASHBOARDS = ROOT.resolve("deploy/grafana/dashboards");
    static final Path PROVISIONING = ROOT.resolve("deploy/grafana/provisioning");
    /** Variables the image's scripts or Main read besides the option variables. */
    static final Set<String> LAUNCHER_VARIABLES = Set.of("FACESTREAM_JAVA_OPTS", "FACESTREAM_NO_TCMALLOC",
            "FACESTREAM_DEBUG");
    /** Options whose value is a place the command writes to. */
    static final Set<String> WRITES = Set.of("--out", "--work", "--cache", "--state-dir", "--out-dir");
    static final ObjectMapper JSON = new ObjectMapper();

    /** The deployments: base file alone, and with each override file. */
    static final Map<String, ComposeModel> VARIANTS = new LinkedHashMap<>();
    static DockerfileModel dockerfile;
    static Map<String, Object> prometheus;

    @BeforeAll
    static void load() throws IOException {
        VARIANTS.put("docker-compose.yml", ComposeModel.load(Map.of(), COMPOSE));
        VARIANTS.put("+ docker-compose.gpu.yml", ComposeModel.load(Map.of(), COMPOSE, GPU));
        VARIANTS.put("+ docker-compose.webcam.yml", ComposeModel.load(Map.of(), COMPOSE, WEBCAM));
        dockerfile = DockerfileModel.parse(DOCKERFILE);
        prometheus = ComposeModel.yaml(PROMETHEUS);
    }

    // ------------------------------------------------------------------------------------- compose

    @Test
    void composeFilesHaveComposeStructure() throws IOException {
        Map<String, Object> base = ComposeModel.yaml(COMPOSE);
        for (Path file : List.of(COMPOSE, GPU, WEBCAM)) {
            Map<String, Object> doc = ComposeModel.yaml(file);
            for (String key : doc.keySet()) {
                assertTrue(ComposeModel.TOP_LEVEL.contains(key) || key.startsWith("x-"),
                        file.getFileName() + ": '" + key + "' is not a Compose top-level key");
            }
            Map<String, Object> services = ComposeModel.map(ComposeModel.interpolate(doc.get("services"), Map.of()));
            assertFalse(services.isEmpty(), file.getFileName() + " has no services");
            services.forEach((name, s) -> {
                for (String key : ComposeModel.map(s).keySet()) {
                    assertTrue(ComposeModel.SERVICE_KEYS.contains(key) || key.startsWith("x-"),
                            file.getFileName() + ": service " + name + ": '" + key + "' is not a Compose service key");
                }
                if (file != COMPOSE) {
                    assertTrue(ComposeModel.map(base.get("services")).containsKey(name),
                            file.getFileName() + " overrides service " + name + ", which docker-compose.yml lacks");
                }
            });
        }
        for (var variant : VARIANTS.entrySet()) {
            ComposeModel c = variant.getValue();
            Set<String> declaredVolumes = ComposeModel.map(c.root.get("volumes")).keySet();
            c.services().forEach((name, s) -> {
                String where = variant.getKey() + ": service " + name;
                assertTrue(s.containsKey("image") || s.containsKey("build"), where + " has neither image nor build");
                Map<String, Object> build = ComposeModel.map(s.get("build"));
                if (!build.isEmpty()) {
                    Path context = ROOT.resolve(String.valueOf(build.getOrDefault("context", "."))).normalize();
                    assertTrue(Files.isRegularFile(context.resolve(String.valueOf(build.getOrDefault("dockerfile",
                            "Dockerfile")))), where + ": its Dockerfile does not exist");
                }
                Object deps = s.get("depends_on");
                Iterable<?> depNames = deps instanceof Map<?, ?> m ? m.keySet() : ComposeModel.list(deps);
                for (Object d : depNames) {
                    assertTrue(c.services().containsKey(d.toString()), where + " depends on unknown service " + d);
                }
                for (Mount m : ComposeModel.mounts(s)) {
                    if (m.named()) {
                        assertTrue(declaredVolumes.contains(m.source()),
                                where + ": volume " + m.source() + " is not declared under top-level volumes");
                    } else if (m.source().startsWith("./")) {
                        assertTrue(Files.exists(ROOT.resolve(m.source())),
                                where + ": bind-mount source " + m.source() + " does not exist");
                    }
                    assertTrue(m.target().startsWith("/"), where + ": mount target " + m.target() + " is not absolute");
                }
            });
        }
    }

    @Test
    void dockerComposeConfigAcceptsEveryCombination() throws Exception {
        List<String> binary = composeBinary();
        assumeTrue(binary != null, "no docker compose / docker-compose binary here: the Compose schema check is"
                + " the YAML structure check of composeFilesHaveComposeStructure only");
        List<List<String>> combos = List.of(List.of(COMPOSE.toString()), List.of(COMPOSE.toString(), GPU.toString()),
                List.of(COMPOSE.toString(), WEBCAM.toString()),
                List.of(COMPOSE.toString(), GPU.toString(), WEBCAM.toString()));
        for (List<String> files : combos) {
            List<String> cmd = new ArrayList<>(binary);
            for (String f : files) {
                cmd.add("-f");
                cmd.add(f);
            }
            cmd.addAll(List.of("--profile", "train", "--profile", "overlay", "config", "-q"));
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
            // the defaults of the files, not whatever the shell running the build has set
            pb.environment().keySet().removeIf(k -> !Set.of("PATH", "HOME", "LANG", "DOCKER_HOST").contains(k));
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "compose config timed out");
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + " rejects the files:\n" + out);
        }
    }

    @Test
    void kafkaIsOneKraftNodeWithTheTopicsTheApplicationUses() throws IOException {
        ComposeModel c = VARIANTS.get("docker-compose.yml");
        Map<String, Object> kafka = c.service("kafka");
        String image = String.valueOf(kafka.get("image"));
        assertTrue(image.matches("apache/kafka:4\\.1\\.\\d+"), "kafka image " + image + " is not apache/kafka:4.1.x");
        Map<String, String> env = ComposeModel.environment(kafka);
        assertEquals(Set.of("broker", "controller"), Set.of(env.get("KAFKA_PROCESS_ROLES").split(",")));
        env.forEach((k, v) -> {
            if (k.endsWith("REPLICATION_FACTOR") || k.endsWith("MIN_ISR")) {
                assertEquals("1", v, k + " on a single node");
            }
        });
        Map<String, Integer> listeners = listeners(env.get("KAFKA_LISTENERS"));
        Map<String, String> advertised = advertised(env.get("KAFKA_ADVERTISED_LISTENERS"));
        String controller = env.get("KAFKA_CONTROLLER_LISTENER_NAMES");
        assertTrue(listeners.containsKey(controller), "controller listener " + controller + " is not in KAFKA_LISTENERS");
        Set<String> clientListeners = new TreeSet<>(listeners.keySet());
        clientListeners.remove(controller);
        assertTrue(clientListeners.size() >= 2, "expected an internal and a host listener, got " + clientListeners);
        assertEquals(clientListeners, advertised.keySet(), "every client listener is advertised");
        assertTrue(clientListeners.contains(env.get("KAFKA_INTER_BROKER_LISTENER_NAME")));
        assertEquals("1@kafka:" + listeners.get(controller), env.get("KAFKA_CONTROLLER_QUORUM_VOTERS"));
        // the host listener: published on the host, advertised as localhost:<published port>
        Map<Integer, Integer> published = ComposeModel.publishedHostPorts(kafka);
        boolean hostListener = false;
        for (var l : advertised.entrySet()) {
            int containerPort = listeners.get(l.getKey());
            if (l.getValue().startsWith("localhost:")) {
                assertEquals(published.get(containerPort), Integer.valueOf(l.getValue().substring(10)),
                        "listener " + l.getKey() + " is advertised on a port that is not the published one");
                hostListener = true;
            } else {
                assertEquals("kafka:" + containerPort, l.getValue(), "internal listener " + l.getKey());
            }
        }
        assertTrue(hostListener, "no listener advertised to the host (localhost:PORT)");
        assertTrue(ComposeModel.mounts(kafka).stream().anyMatch(m -> m.named() && m.covers(env.get("KAFKA_LOG_DIRS"))),
                "the log dirs " + env.get("KAFKA_LOG_DIRS") + " are not on a named volume");

        // the topics: created at start by an init service of the same image, in the numbers the detectors scale to
        Map<String, Object> init = c.service("kafka-init");
        assertEquals(image, init.get("image"), "kafka-init uses the broker's image (its kafka-topics.sh)");
        assertEquals("service_healthy", ComposeModel.map(ComposeModel.map(init.get("depends_on")).get("kafka"))
                .get("condition"));
        Mount script = ComposeModel.mounts(init).stream().filter(m -> m.source().startsWith("./")).findFirst()
                .orElseThrow(() -> new AssertionError("kafka-init mounts no script"));
        assertTrue(ComposeModel.list(init.get("entrypoint")).contains(script.target()), "kafka-init runs its script");
        String text = Files.readString(ROOT.resolve(script.source()));
        Matcher topics = Pattern.compile("(?m)^topics=\"([^\"]*)\"").matcher(text);
        assertTrue(topics.find(), "create-topics.sh: no topics=\"...\" line");
        assertEquals(Set.of(Topics.allNames()),
                Set.of(topics.group(1).split("\\s+")), "the topics the application uses (core Topics)");
        assertTrue(text.contains("--replication-factor 1"));
        Map<String, String> initEnv = ComposeModel.environment(init);
        // the model topic, created as the registry would (dev.facestream.registry.ModelTopic.configs)
        dev.facestream.registry.ModelTopic.configs().forEach((k, v) -> assertTrue(text.contains("--config " + k + "=" + v),
                "create-topics.sh does not create the model topic with " + k + "=" + v));
        Map<String, String> detectorEnv = containerEnvironment(c.service("detector"));
        assertEquals(detectorEnv.get("FACESTREAM_MODEL_TOPIC"), initEnv.get("MODEL_TOPIC"),
                "kafka-init creates the model topic the detectors follow");
        int partitions = Integer.parseInt(initEnv.get("TOPIC_PARTITIONS"));
        assertTrue(partitions >= 2, "TOPIC_PARTITIONS " + partitions + ": nothing to scale detectors over");
        assertEquals("kafka:" + listeners.get(env.get("KAFKA_INTER_BROKER_LISTENER_NAME")),
                initEnv.get("BOOTSTRAP_SERVER"));
        assertEquals(String.valueOf(partitions), env.get("KAFKA_NUM_PARTITIONS"));
        for (String app : List.of("producer", "detector")) {
            assertEquals("service_completed_successfully", ComposeModel.map(ComposeModel.map(
                    c.service(app).get("depends_on")).get("kafka-init")).get("condition"),
                    app + " starts after the topics exist");
        }
    }

    // ---------------------------------------------------------------------- environment and commands

    @Test
    void everyFacestreamVariableIsReadByTheServicesCommand() throws IOException {
        String entrypoint = Files.readString(ENTRYPOINT);
        for (String v : List.of("FACESTREAM_JAVA_OPTS", "FACESTREAM_NO_TCMALLOC")) {
            assertTrue(entrypoint.contains(v), "deploy/entrypoint.sh does not read " + v);
        }
        Map<String, Set<String>> variables = optionVariables();
        for (var variant : VARIANTS.entrySet()) {
            variant.getValue().services().forEach((name, s) -> {
                if (!facestreamService(s)) {
                    ComposeModel.environment(s).keySet().forEach(v -> assertFalse(v.startsWith(EnvironmentDefaults.PREFIX),
                            variant.getKey() + ": " + name + " is not a facestream service but sets " + v));
                    return;
                }
                String command = ComposeModel.command(s).get(0);
                Set<String> reads = variables.get(command);
                if (reads == null) {
                    assertTrue(!ComposeModel.list(s.get("profiles")).isEmpty(), variant.getKey() + ": service " + name
                            + " runs 'facestream " + command + "', which does not exist, and is not behind a profile");
                    System.out.println("deploy-check: 'facestream " + command + "' does not exist yet; service " + name
                            + " (profiles " + s.get("profiles") + ") is not checked against it");
                    return;
                }
                for (String v : ComposeModel.environment(s).keySet()) {
                    if (v.startsWith(EnvironmentDefaults.PREFIX)) {
                        assertTrue(reads.contains(v) || v.startsWith(KafkaConnection.ENV_PREFIX)
                                        || LAUNCHER_VARIABLES.contains(v),
                                variant.getKey() + ": service " + name + " sets " + v + ", which 'facestream " + command
                                        + "' does not read; it reads " + reads);
                    }
                }
            });
        }
        // the image's own defaults (ENV) are variables of the commands too
        Set<String> any = new TreeSet<>();
        variables.values().forEach(any::addAll);
        for (Stage st : dockerfile.chain(null, Map.of())) {
            for (Instruction env : st.all("ENV")) {
                String name = env.args().split("[= ]", 2)[0];
                if (name.startsWith(EnvironmentDefaults.PREFIX)) {
                    assertTrue(any.contains(name) || LAUNCHER_VARIABLES.contains(name),
                            "Dockerfile line " + env.line() + ": ENV " + name + " is read by no command");
                }
            }
        }
    }

    @Test
    void eachServiceParsesAndItsPortsVolumesAndDeviceAgreeWithItsOptions() throws Exception {
        Map<String, Integer> scraped = prometheusTargets();
        Set<String> commands = Main.commandLine(Map.of()).getSubcommands().keySet();
        int checked = 0;
        for (var variant : VARIANTS.entrySet()) {
            ComposeModel c = variant.getValue();
            for (var e : c.services().entrySet()) {
                String name = e.getKey();
                Map<String, Object> s = e.getValue();
                if (!facestreamService(s) || !commands.contains(ComposeModel.command(s).get(0))) {
                    continue;
                }
                String where = variant.getKey() + ": service " + name;
                Map<String, String> env = containerEnvironment(s);
                List<String> argv = entrypointArguments(ComposeModel.command(s), env);
                CommandLine.ParseResult parsed;
                try {
                    parsed = Main.commandLine(env).parseArgs(argv.toArray(String[]::new));
                } catch (CommandLine.ParameterException ex) {
                    throw new AssertionError(where + ": 'facestream " + String.join(" ", argv) + "' with its environment"
                            + " does not parse: " + ex.getMessage(), ex);
                }
                CommandSpec spec = parsed.subcommand().commandSpec();
                List<Mount> mounts = ComposeModel.mounts(s);
                Set<String> imagePaths = imagePaths(s);

                // live serves /metrics on its page port (--port, --bind); the others on --metrics-port
                boolean onPagePort = spec.findOption("--metrics-port") == null && spec.findOption("--port") != null;
                OptionSpec metricsPort = spec.findOption(onPagePort ? "--port" : "--metrics-port");
                if (metricsPort != null) {
                    Integer port = metricsPort.getValue();
                    assertNotNull(port, where + ": set FACESTREAM_METRICS_PORT, so that Prometheus' port is explicit");
                    assertEquals(scraped.get(name), port, where + ": Prometheus scrapes port " + scraped.get(name)
                            + ", the command serves /metrics on " + port);
                    assertTrue(ComposeModel.exposed(s).isEmpty() || ComposeModel.exposed(s).contains(port),
                            where + ": metrics port " + port + " is not in expose " + ComposeModel.exposed(s));
                    String bind = spec.findOption(onPagePort ? "--bind" : "--metrics-bind").getValue();
                    assertFalse(bind.startsWith("127.") || bind.equals("localhost"),
                            where + ": metrics bound to " + bind + " cannot be scraped from the prometheus container");
                    Map<String, Object> hc = ComposeModel.map(s.get("healthcheck"));
                    assertTrue(hc.isEmpty() || Boolean.TRUE.equals(hc.get("disable"))
                                    || String.valueOf(hc.get("test")).contains(String.valueOf(port)),
                            where + ": its healthcheck does not use the metrics port " + port);
                }
                // a port published on the host (the overlay's web page) is one the command listens on
                for (int published : ComposeModel.publishedContainerPorts(s)) {
                    Map<String, Object> ports = new TreeMap<>();
                    for (OptionSpec o : spec.options()) {
                        if (o.longestName().endsWith("port")) {
                            ports.put(o.longestName(), o.getValue());
                        }
                    }
                    assertTrue(ports.containsValue(published), where + ": publishes container port " + published
                            + ", which no --*port option of the command is set to " + ports);
                }
                OptionSpec bootstrap = spec.findOption("--bootstrap-servers");
                if (bootstrap != null) {
                    String servers = bootstrap.getValue();
                    assertNotNull(servers, where + ": no FACESTREAM_BOOTSTRAP_SERVERS");
                    Set<String> internal = new TreeSet<>(advertised(ComposeModel.environment(c.service("kafka"))
                            .get("KAFKA_ADVERTISED_LISTENERS")).values());
                    for (String server : servers.split(",")) {
                        assertTrue(internal.contains(server) && server.startsWith("kafka:"),
                                where + ": bootstrap server " + server + " is not kafka's internal listener " + internal);
                    }
                }
                for (OptionSpec o : spec.options()) {
                    Object value = o.getValue();
                    if (value == null || !(value instanceof Path || value instanceof String)) {
                        continue;
                    }
                    String v = value.toString();
                    boolean isPath = value instanceof Path || (v.startsWith("/") && !v.contains("://"));
                    if (!isPath || v.isEmpty()) {
                        continue;
                    }
                    String abs = v.startsWith("/") ? v : workdir() + "/" + v;
                    boolean mounted = mounts.stream().anyMatch(m -> m.covers(abs));
                    boolean inImage = imagePaths.stream().anyMatch(p -> abs.equals(p) || abs.startsWith(p + "/"));
                    assertTrue(mounted || inImage, where + ": " + o.longestName() + " " + v
                            + " is neither on a volume of the service nor in the image " + imagePaths);
                    if (WRITES.contains(o.longestName())) {
                        assertTrue(mounts.stream().anyMatch(m -> m.covers(abs) && !m.readOnly()),
                                where + ": " + o.longestName() + " " + v + " is written but not on a writable volume");
                    }
                }
                checkDevice(where, c, s, spec);
                if (spec.name().equals("train")) {
                    checkTrainerSharesModelsWithDetector(where, c, s, spec, imagePaths);
                }
                if (spec.name().equals("produce")) {
                    checkProducerSource(where, s, spec);
                }
                checked++;
            }
        }
        assertTrue(checked >= 3 * 3, "expected producer, detector and trainer in each variant, checked " + checked);
    }

    @Test
    void detectorsScaleAndTheGpuVariantReservesAGpu() {
        for (var variant : VARIANTS.entrySet()) {
            Map<String, Object> d = variant.getValue().service("detector");
            assertFalse(d.containsKey("container_name"), variant.getKey() + ": a container_name prevents --scale");
            assertTrue(ComposeModel.publishedContainerPorts(d).isEmpty(), variant.getKey()
                    + ": a host port on the detector prevents --scale");
        }
        Map<String, Object> gpu = VARIANTS.get("+ docker-compose.gpu.yml").service("detector");
        assertTrue(gpuReserved(gpu), "docker-compose.gpu.yml: detector reserves no NVIDIA GPU");
        assertEquals("gpu", buildArgs(gpu).get("FLAVOR"));
        assertNotEquals(VARIANTS.get("docker-compose.yml").service("detector").get("image"), gpu.get("image"),
                "the GPU image needs its own tag");
        Map<String, Object> cpu = VARIANTS.get("docker-compose.yml").service("detector");
        assertFalse(gpuReserved(cpu), "the detector is CPU by default");
        assertEquals("cpu", ComposeModel.environment(cpu).get("FACESTREAM_DEVICE"));
        Map<String, Object> trainer = VARIANTS.get("docker-compose.yml").service("trainer");
        assertTrue(ComposeModel.list(trainer.get("profiles")).contains("train"), "the trainer runs only with --profile train");
    }

    // ------------------------------------------------------------------------------------ monitoring

    @Test
    void prometheusScrapesEveryServiceThatServesMetrics() {
        Map<String, Integer> targets = prometheusTargets();
        ComposeModel c = VARIANTS.get("docker-compose.yml");
        for (String service : targets.keySet()) {
            if (!service.equals("prometheus")) {
                assertTrue(c.services().containsKey(service), "prometheus.yml scrapes " + service + ", no such service");
                assertTrue(facestreamService(c.service(service)), service + " is not a facestream service");
            }
        }
        Set<String> commands = Main.commandLine(Map.of()).getSubcommands().keySet();
        c.services().forEach((name, s) -> {
            if (facestreamService(s)) {
                String command = ComposeModel.command(s).get(0);
                boolean servesMetrics = !commands.contains(command) ? ComposeModel.environment(s)
                        .containsKey("FACESTREAM_METRICS_PORT")
                        : Main.commandLine(Map.of()).getSubcommands().get(command).getCommandSpec()
                                .findOption("--metrics-port") != null
                                || Main.commandLine(Map.of()).getSubcommands().get(command).getCommandSpec()
                                        .findOption("--port") != null;
                assertEquals(servesMetrics, targets.containsKey(name),
                        "service " + name + (servesMetrics ? " serves /metrics but is not scraped"
                                : " serves no /metrics but is scraped"));
            }
        });
        assertEquals(9090, targets.get("prometheus"));
        assertTrue(ComposeModel.publishedContainerPorts(c.service("prometheus")).contains(9090));
    }

    @Test
    void grafanaIsProvisionedWithPrometheusAndTheDashboard() throws IOException {
        Map<String, Object> grafana = VARIANTS.get("docker-compose.yml").service("grafana");
        List<Mount> mounts = ComposeModel.mounts(grafana);
        Mount provisioning = mounts.stream().filter(m -> ROOT.resolve(m.source()).normalize().equals(PROVISIONING))
                .findFirst().orElseThrow(() -> new AssertionError("grafana does not mount deploy/grafana/provisioning"));
        assertEquals("/etc/grafana/provisioning", provisioning.target());
        Mount dashboards = mounts.stream().filter(m -> ROOT.resolve(m.source()).normalize().equals(DASHBOARDS))
                .findFirst().orElseThrow(() -> new AssertionError("grafana does not mount deploy/grafana/dashboards"));

        List<Object> sources = new ArrayList<>();
        try (var files = Files.list(PROVISIONING.resolve("datasources"))) {
            for (Path f : files.toList()) {
                sources.addAll(ComposeModel.list(ComposeModel.yaml(f).get("datasources")));
            }
        }
        assertEquals(1, sources.size(), "one datasource");
        Map<String, Object> ds = ComposeModel.map(sources.get(0));
        assertEquals("prometheus", ds.get("type"));
        assertEquals("http://prometheus:9090", ds.get("url"), "the prometheus service on its container port");
        String uid = String.valueOf(ds.get("uid"));

        List<Object> providers = new ArrayList<>();
        try (var files = Files.list(PROVISIONING.resolve("dashboards"))) {
            for (Path f : files.toList()) {
                providers.addAll(ComposeModel.list(ComposeModel.yaml(f).get("providers")));
            }
        }
        assertEquals(1, providers.size(), "one dashboard provider");
        assertEquals(dashboards.target(), ComposeModel.map(ComposeModel.map(providers.get(0)).get("options")).get("path"),
                "the provider reads the folder the dashboards are mounted at");
        String home = ComposeModel.environment(grafana).get("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH");
        if (home != null) {
            assertTrue(home.startsWith(dashboards.target() + "/")
                    && Files.isRegularFile(DASHBOARDS.resolve(home.substring(dashboards.target().length() + 1))),
                    "home dashboard " + home + " is not a mounted dashboard");
        }
        for (JsonNode dash : dashboards()) {
            dash.findValues("datasource").forEach(d -> {
                if (d.isObject()) {
                    assertEquals(uid, d.path("uid").asText(), "panel datasource " + d + " is not the provisioned one");
                }
            });
        }
    }

    /**
     * Every query of the dashboard against a real scrape: the bundled clip through producer,
     * embedded broker, detector and keypoints consumer (what demo runs), served by the real
     * {@link MetricsServer} and read over HTTP while the Kafka clients are still open.
     */
    @Test
    void dashboardQueriesNameMetricsARealScrapeServes(@TempDir Path tmp) throws Exception {
        String text = realScrape(tmp);
        Files.createDirectories(ROOT.resolve("deploy-check/target"));
        Files.writeString(ROOT.resolve("deploy-check/target/scrape.txt"), text);
        PrometheusText scrape = PrometheusText.parse(text);
        Set<String> jobs = prometheusTargets().keySet();

        Set<String> queried = new TreeSet<>();
        List<String> exprs = new ArrayList<>();
        for (JsonNode dash : dashboards()) {
            dash.findValues("expr").forEach(e -> exprs.add(e.asText()));
        }
        assertFalse(exprs.isEmpty(), "the dashboard has no queries");
        List<String> problems = new ArrayList<>();
        for (String expr : exprs) {
            for (PromQl.Selector sel : PromQl.selectors(expr)) {
                if (sel.metric() == null) {
                    problems.add(expr + ": a selector without a metric name");
                    continue;
                }
                queried.add(sel.metric());
                // up is the one series Prometheus makes itself, per target
                boolean generated = sel.metric().equals("up");
                if (!generated && !scrape.has(sel.metric())) {
                    problems.add(expr + ": " + sel.metric() + " is not in the scrape");
                    continue;
                }
                Map<String, Set<String>> labels = generated ? Map.of() : scrape.samples.get(sel.metric());
                for (PromQl.Matcher m : sel.matchers()) {
                    if (m.label().equals("job")) {
                        if (!jobMatches(m, jobs)) {
                            problems.add(expr + ": job " + m.op() + " \"" + m.value() + "\" matches no job of "
                                    + "prometheus.yml " + jobs);
                        }
                    } else if (m.label().equals("instance")) {
                        continue;
                    } else if (!labels.containsKey(m.label())) {
                        problems.add(expr + ": " + sel.metric() + " has no label " + m.label() + " (has "
                                + labels.keySet() + ")");
                    } else if (!m.value().contains("$") && !matchesAny(m, labels.get(m.label()))) {
                        problems.add(expr + ": " + m.label() + m.op() + "\"" + m.value() + "\" matches none of "
                                + labels.get(m.label()));
                    }
                }
            }
        }
        assertTrue(problems.isEmpty(), "dashboard queries that the application's /metrics cannot answer:\n  "
                + String.join("\n  ", problems));

        // the panels the deployment promises, each on the meter the application names it by
        Map<String, String> required = new LinkedHashMap<>();
        required.put("frames", MetricNames.FRAMES_GRABBED);
        required.put("faces/s", MetricNames.FACES_FOUND);
        required.put("inference time", MetricNames.INFERENCE_TIME);
        required.put("batch size", MetricNames.BATCH_SIZE);
        required.put("end-to-end latency", MetricNames.END_TO_END_LATENCY);
        required.put("DLQ count", MetricNames.DETECTOR_DLQ);
        required.put("device and model version", MetricNames.MODEL_INFO);
        required.put("consumer lag", "kafka.consumer.fetch.manager.records.lag");
        required.forEach((what, meter) -> {
            String base = meter.replace('.', '_');
            assertTrue(queried.stream().anyMatch(q -> q.startsWith(base)), "no panel queries " + what + " (" + base + ")");
        });
        String e2e = MetricNames.END_TO_END_LATENCY.replace('.', '_');
        for (String q : List.of("0.5", "0.99")) {
            assertTrue(exprs.stream().anyMatch(x -> x.replace(" ", "").startsWith("histogram_quantile(" + q + ",")
                    && x.contains(e2e)), "no end-to-end latency quantile " + q);
        }
        String info = MetricNames.MODEL_INFO.replace('.', '_');
        assertTrue(scrape.samples.get(info).keySet().containsAll(Set.of(MetricNames.TAG_DEVICE,
                MetricNames.TAG_MODEL_VERSION)));
        assertTrue(dashboards().stream().anyMatch(d -> d.toString().contains("{{" + MetricNames.TAG_DEVICE + "}}")
                && d.toString().contains("{{" + MetricNames.TAG_MODEL_VERSION + "}}"))
                || dashboards().stream().anyMatch(d -> d.toString().contains("\"format\":\"table\"")),
                "device and model version are not shown");
    }

    // ------------------------------------------------------------------------------------ Dockerfile

    @Test
    void everyImageIsBuiltWithCisMavenCommand() throws IOException {
        String ci = ciCommand();
        String ciFlags = ci.substring(0, ci.lastIndexOf(' '));
        String gpuRepackage = ciFlags + " -Pgpu -DskipTests package";
        Set<String> ciStages = new LinkedHashSet<>();
        Set<String> gpuStages = new LinkedHashSet<>();
        for (Stage st : dockerfile.stages) {
            for (Instruction run : st.all("RUN")) {
                for (String cmd : DockerfileModel.commands(run)) {
                    if (!cmd.equals("mvn") && !cmd.startsWith("mvn ")) {
                        assertFalse(cmd.contains("mvn "), "Dockerfile line " + run.line() + ": hidden mvn call " + cmd);
                        continue;
                    }
                    List<String> goals = new ArrayList<>();
                    for (String w : cmd.split(" ")) {
                        if (!w.startsWith("-") && !w.equals("mvn")) {
                            goals.add(w);
                        }
                    }
                    if (cmd.equals(ci)) {
                        ciStages.add(st.name());
                    } else if (!goals.isEmpty() && goals.stream().allMatch(g -> g.startsWith("dependency:"))
                            && !cmd.contains("skipTests") && !cmd.contains("maven.test.skip")) {
                        // the dependency-cache layer: resolves, builds nothing
                    } else if (cmd.equals(gpuRepackage)) {
                        gpuStages.add(st.name());
                    } else {
                        fail("Dockerfile line " + run.line() + ": '" + cmd + "' is not CI's command '" + ci
                                + "' (.ci/run), a dependency:* resolution, or the GPU repackaging '" + gpuRepackage
                                + "' of a stage built with CI's command");
                    }
                }
            }
        }
        assertFalse(ciStages.isEmpty(), "no stage of the Dockerfile runs CI's command " + ci);
        for (String g : gpuStages) {
            assertTrue(dockerfile.chain(g, Map.of()).stream().anyMatch(s -> ciStages.contains(s.name())),
                    "stage " + g + " repackages without deriving from a stage built with " + ci);
        }
        // each image compose builds: its application comes from a stage built with CI's command,
        // the GPU one (FLAVOR=gpu) from the -Pgpu repackaging of it, the CPU one with no profile
        Map<String, Map<String, String>> images = new LinkedHashMap<>();
        for (ComposeModel c : VARIANTS.values()) {
            c.services().values().stream().filter(DeploymentCheckIT::facestreamService)
                    .forEach(s -> images.put(String.valueOf(s.get("image")), buildArgs(s)));
        }
        assertTrue(images.size() >= 2, "expected a CPU and a GPU image, got " + images.keySet());
        images.forEach((image, args) -> {
            List<Stage> runtime = dockerfile.chain(null, args);
            Set<String> appStages = new LinkedHashSet<>();
            for (Stage st : runtime) {
                for (Instruction copy : st.all("COPY")) {
                    String from = DockerfileModel.flag(copy, "from");
                    if (from != null && DockerfileModel.copyOperands(copy).get(0).contains("/target/")) {
                        dockerfile.chain(dockerfile.resolve(from, args), args).forEach(s -> appStages.add(s.name()));
                    }
                }
            }
            assertFalse(appStages.isEmpty(), image + ": copies no build output");
            assertTrue(appStages.stream().anyMatch(ciStages::contains), image + ": its jar is not built with " + ci);
            boolean gpu = "gpu".equals(args.get("FLAVOR"));
            assertEquals(gpu, appStages.stream().anyMatch(gpuStages::contains),
                    image + (gpu ? ": not built with -Pgpu" : ": built with -Pgpu"));
        });

        // the dependency-cache layer: every module's pom is copied before the first Maven run
        Stage deps = dockerfile.stage("deps");
        String pom = Files.readString(ROOT.resolve("pom.xml"));
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        Set<String> copied = new TreeSet<>();
        for (Instruction copy : deps.all("COPY")) {
            copied.add(DockerfileModel.copyOperands(copy).get(0));
        }
        assertTrue(copied.contains("pom.xml"));
        while (m.find()) {
            assertTrue(copied.contains(m.group(1) + "/pom.xml"), "deps stage does not copy " + m.group(1) + "/pom.xml");
        }
        assertFalse(copied.contains("."), "the deps stage must copy only poms (a cache layer)");
        assertTrue(deps.all("RUN").stream().anyMatch(r -> r.args().contains("dependency:go-offline")));
    }

    @Test
    void runtimeImagesAreJre17NonRootWithHealthcheckAndEntrypoint() throws IOException {
        Set<Map<String, String>> flavors = new LinkedHashSet<>();
        for (ComposeModel c : VARIANTS.values()) {
            c.services().values().stream().filter(DeploymentCheckIT::facestreamService)
                    .forEach(s -> flavors.add(buildArgs(s)));
        }
        assertTrue(dockerfile.baseImage("deps", Map.of()).matches("maven:3\\.9[^:]*-eclipse-temurin-17.*|maven:3\\.9.*-17.*"),
                "the build runs on a Maven 3.9 + JDK 17 image, not " + dockerfile.baseImage("deps", Map.of()));
        for (Map<String, String> args : flavors) {
            List<Stage> chain = dockerfile.chain(null, args);
            Stage runtime = chain.get(0);
            String where = "runtime image " + args;
            String base = dockerfile.baseImage(null, args);
            boolean jre17 = base.matches("eclipse-temurin:17-jre.*") || chain.stream().flatMap(s -> s.all("RUN").stream())
                    .anyMatch(r -> r.args().contains("openjdk-17-jre"));
            assertTrue(jre17, where + ": no JRE 17 (base " + base + ")");
            List<Instruction> users = runtime.all("USER");
            assertFalse(users.isEmpty(), where + ": runs as root (no USER)");
            String user = users.get(users.size() - 1).args().split(":")[0];
            assertFalse(Set.of("root", "0").contains(user), where + ": USER " + user);
            List<Instruction> hc = runtime.all("HEALTHCHECK");
            assertEquals(1, hc.size(), where + ": one HEALTHCHECK");
            List<Instruction> ep = runtime.all("ENTRYPOINT");
            assertEquals(1, ep.size(), where + ": one ENTRYPOINT");
            Map<String, String> copiedScripts = new HashMap<>();
            for (Instruction copy : runtime.all("COPY")) {
                List<String> ops = DockerfileModel.copyOperands(copy);
                if (DockerfileModel.flag(copy, "from") == null) {
                    copiedScripts.put(ops.get(ops.size() - 1), ops.get(0));
                    assertTrue(Files.exists(ROOT.resolve(ops.get(0))), where + ": COPY source " + ops.get(0) + " missing");
                }
            }
            String entry = JSON.readTree(ep.get(0).args()).get(0).asText();
            assertEquals("deploy/entrypoint.sh", copiedScripts.get(entry), where + ": ENTRYPOINT is not deploy/entrypoint.sh");
            String healthCmd = hc.get(0).args().replaceAll("--\\S+\\s+", "");
            assertTrue(healthCmd.startsWith("CMD "), where + ": HEALTHCHECK " + healthCmd);
            String script = JSON.readTree(healthCmd.substring(4)).get(0).asText();
            assertEquals("deploy/healthcheck.sh", copiedScripts.get(script), where + ": HEALTHCHECK is not deploy/healthcheck.sh");
        }
        String health = Files.readString(ROOT.resolve("deploy/healthcheck.sh"));
        assertTrue(health.contains("FACESTREAM_METRICS_PORT") && health.contains(MetricsServer.PATH));
        String entrypoint = Files.readString(ENTRYPOINT);
        assertTrue(entrypoint.contains("-Dai.djl.offline=true"), "the container's JVM runs DJL offline");
        assertTrue(entrypoint.contains("exec java"), "java replaces the shell (PID 1 gets SIGTERM)");
    }

    /** What the image copies from the build: the shipped model must exist (skipped before it is trained). */
    @Test
    void theImageCopiesFilesThatExist() {
        List<String> missing = new ArrayList<>();
        for (Stage st : dockerfile.stages) {
            for (Instruction copy : st.all("COPY")) {
                String from = DockerfileModel.flag(copy, "from");
                List<String> ops = DockerfileModel.copyOperands(copy);
                for (String src : ops.subList(0, ops.size() - 1)) {
                    if (from != null && !src.startsWith("/src/")) {
                        continue;  // another stage's own files (a Maven repository)
                    }
                    String rel = from != null ? src.substring("/src/".length()) : src;
                    if (!rel.contains("/target/") && !rel.equals(".") && !Files.exists(ROOT.resolve(rel))) {
                        missing.add(rel + " (Dockerfile line " + copy.line() + ")");
                    }
                }
            }
        }
        boolean model = Files.isDirectory(ROOT.resolve("models/default"));
        missing.removeIf(p -> !model && p.startsWith("models/default"));
        assertTrue(missing.isEmpty(), "the Dockerfile copies files that do not exist: " + missing);
        assumeTrue(model,
                "models/default is not there yet (train it first): the image build would fail at its COPY");
    }

    // --------------------------------------------------------------------------------------- helpers

    /** Options' variables per subcommand of the real command line. */
    static Map<String, Set<String>> optionVariables() {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        Main.commandLine(Map.of()).getSubcommands().forEach((name, cl) -> {
            Set<String> vars = new TreeSet<>();
            for (OptionSpec o : cl.getCommandSpec().options()) {
                if (!o.usageHelp() && !o.versionHelp()) {
                    vars.add(EnvironmentDefaults.variableFor(o.longestName()));
                }
            }
            out.put(name, vars);
        });
        return out;
    }

    static boolean facestreamService(Map<String, Object> s) {
        Map<String, Object> build = ComposeModel.map(s.get("build"));
        return String.valueOf(s.get("image")).startsWith("facestream:")
                || "deploy/Dockerfile".equals(build.get("dockerfile"));
    }

    static Map<String, String> buildArgs(Map<String, Object> s) {
        Map<String, String> args = new LinkedHashMap<>();
        ComposeModel.map(ComposeModel.map(s.get("build")).get("args")).forEach((k, v) -> args.put(k, String.valueOf(v)));
        return args;
    }

    static boolean gpuReserved(Map<String, Object> s) {
        Object devices = ComposeModel.map(ComposeModel.map(ComposeModel.map(ComposeModel.map(s.get("deploy"))
                .get("resources")).get("reservations"))).get("devices");
        for (Object d : ComposeModel.list(devices)) {
            Map<String, Object> dev = ComposeModel.map(d);
            if (ComposeModel.list(dev.get("capabilities")).contains("gpu") && "nvidia".equals(dev.get("driver"))) {
                return true;
            }
        }
        return false;
    }

    /** The container's environment: the image's ENV, then the service's environment. */
    static Map<String, String> containerEnvironment(Map<String, Object> s) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Stage st : dockerfile.chain(null, buildArgs(s))) {
            for (Instruction e : st.all("ENV")) {
                String[] kv = e.args().split("[= ]", 2);
                env.putIfAbsent(kv[0], kv.length > 1 ? kv[1].trim() : "");
            }
        }
        env.putAll(ComposeModel.environment(s));
        return env;
    }

    /** The image's WORKDIR (relative option values resolve against it). */
    static String workdir() {
        List<Instruction> w = dockerfile.chain(null, Map.of()).get(0).all("WORKDIR");
        return w.isEmpty() ? "/" : w.get(w.size() - 1).args();
    }

    /** Folders and files the image has (COPY destinations of its runtime stage). */
    static Set<String> imagePaths(Map<String, Object> s) {
        Set<String> paths = new TreeSet<>();
        for (Stage st : dockerfile.chain(null, buildArgs(s))) {
            for (Instruction copy : st.all("COPY")) {
                List<String> ops = DockerfileModel.copyOperands(copy);
                String dest = ops.get(ops.size() - 1);
                paths.add(dest.endsWith("/") ? dest.substring(0, dest.length() - 1) : dest);
            }
        }
        return paths;
    }

    /** What the image's entrypoint passes to {@code facestream} for this command and environment. */
    static List<String> entrypointArguments(List<String> command, Map<String, String> env) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("sh", ENTRYPOINT.toString()));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> !k.equals("PATH"));
        pb.environment().putAll(env);
        pb.environment().put("ENTRYPOINT_PRINT_ARGS", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "deploy/entrypoint.sh " + command + ": " + out);
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    /** Service name -> port Prometheus scrapes it on (DNS service discovery names, or static host:port). */
    static Map<String, Integer> prometheusTargets() {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Object j : ComposeModel.list(prometheus.get("scrape_configs"))) {
            Map<String, Object> job = ComposeModel.map(j);
            Object path = job.get("metrics_path");
            assertTrue(path == null || MetricsServer.PATH.equals(path), "job " + job.get("job_name") + " scrapes " + path);
            for (Object d : ComposeModel.list(job.get("dns_sd_configs"))) {
                Map<String, Object> dns = ComposeModel.map(d);
                assertEquals("A", dns.get("type"), "one target per container needs A records");
                for (Object n : ComposeModel.list(dns.get("names"))) {
                    assertEquals(job.get("job_name"), n, "job named after its service");
                    out.put(n.toString(), (Integer) dns.get("port"));
                }
            }
            for (Object st : ComposeModel.list(job.get("static_configs"))) {
                for (Object t : ComposeModel.list(ComposeModel.map(st).get("targets"))) {
                    String[] hp = t.toString().split(":");
                    out.put(hp[0].equals("localhost") ? job.get("job_name").toString() : hp[0], Integer.parseInt(hp[1]));
                }
            }
        }
        return out;
    }

    static boolean jobMatches(PromQl.Matcher m, Set<String> jobs) {
        return matchesAny(m, jobs);
    }

    static boolean matchesAny(PromQl.Matcher m, Set<String> values) {
        return switch (m.op()) {
            case "=" -> values.contains(m.value());
            case "!=" -> values.stream().anyMatch(v -> !v.equals(m.value()));
            case "=~" -> values.stream().anyMatch(v -> v.matches(m.value()));
            case "!~" -> values.stream().anyMatch(v -> !v.matches(m.value()));
            default -> false;
        };
    }

    static List<JsonNode> dashboards() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (var files = Files.list(DASHBOARDS)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                JsonNode d = JSON.readTree(f.toFile());
                assertTrue(d.path("panels").isArray() && !d.path("title").asText().isEmpty(),
                        f + " is not a Grafana dashboard");
                out.add(d);
            }
        }
        assertFalse(out.isEmpty(), "no dashboard in deploy/grafana/dashboards");
        return out;
    }

    static String ciCommand() throws IOException {
        List<String> mvn = Files.readAllLines(ROOT.resolve(".ci/run")).stream().map(String::trim)
                .filter(l -> l.startsWith("mvn ")).toList();
        assertEquals(1, mvn.size(), ".ci/run: expected one mvn line, got " + mvn);
        return mvn.get(0).replaceAll("\\s+", " ");
    }

    static Map<String, Integer> listeners(String spec) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String l : spec.split(",")) {
            out.put(l.substring(0, l.indexOf("://")), Integer.parseInt(l.substring(l.lastIndexOf(':') + 1)));
        }
        return out;
    }

    static Map<String, String> advertised(String spec) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String l : spec.split(",")) {
            out.put(l.substring(0, l.indexOf("://")), l.substring(l.indexOf("://") + 3));
        }
        return out;
    }

    private static void checkDevice(String where, ComposeModel c, Map<String, Object> s, CommandSpec spec) {
        OptionSpec device = spec.findOption("--device");
        if (device == null) {
            return;
        }
        String value = device.getValue();
        boolean gpuImage = "gpu".equals(buildArgs(s).get("FLAVOR"));
        if ("gpu".equals(value)) {
            assertTrue(gpuReserved(s) && gpuImage, where + ": --device gpu without a reserved GPU and the -Pgpu image");
        }
        if (gpuImage) {
            assertTrue(gpuReserved(s), where + ": the CUDA image runs only where a GPU is reserved (DJL offline)");
            assertNotEquals("cpu", value, where + ": a GPU image told to use the CPU");
        }
    }

    private static void checkTrainerSharesModelsWithDetector(String where, ComposeModel c, Map<String, Object> trainer,
            CommandSpec spec, Set<String> imagePaths) throws Exception {
        String out = spec.findOption("--out").getValue().toString();
        String parent = Path.of(out).getParent().toString();
        Mount outMount = ComposeModel.mounts(trainer).stream().filter(m -> m.covers(out) && m.covers(parent))
                .findFirst().orElseThrow(() -> new AssertionError(where + ": --out " + out + " (and its .work-"
                        + " checkpoints beside it) not on one volume"));
        assertTrue(outMount.named() && !outMount.readOnly(), where + ": --out must go to a named, writable volume");
        Map<String, Object> detector = c.service("detector");
        Map<String, String> env = containerEnvironment(detector);
        CommandSpec det = Main.commandLine(env).parseArgs(entrypointArguments(ComposeModel.command(detector), env)
                .toArray(String[]::new)).subcommand().commandSpec();
        String model = det.findOption("--model").getValue().toString();
        assertTrue(ComposeModel.mounts(detector).stream().anyMatch(m -> m.source().equals(outMount.source())
                        && m.target().equals(outMount.target()) && m.covers(model)),
                where + ": the detector does not read its model from the trainer's volume " + outMount.source());
        Object initFrom = spec.findOption("--init-from").getValue();
        assertNotNull(initFrom, where + ": --init-from (fine-tuning the shipped model)");
        assertTrue(outMount.covers(initFrom.toString()) && imagePaths.contains(initFrom.toString()),
                where + ": --init-from " + initFrom + " is not the shipped model the image seeds the volume with");
    }

    private static void checkProducerSource(String where, Map<String, Object> s, CommandSpec spec) {
        OptionSpec camera = spec.findOption("--camera");
        Integer index = camera.getValue();
        List<Object> devices = ComposeModel.list(s.get("devices"));
        if (index != null) {
            assertTrue(devices.stream().anyMatch(d -> d.toString().endsWith(":/dev/video" + index)),
                    where + ": --camera " + index + " without /dev/video" + index + " passed through");
            assertTrue(ComposeModel.list(s.get("group_add")).contains("video"), where + ": the non-root user needs the video group");
        } else {
            String video = spec.findOption("--video").getValue();
            assertNotNull(video, where + ": no source");
            if (video.startsWith("/app/samples/")) {
                assertEquals(Samples.DEMO_VIDEO, video.substring("/app/samples/".length()), "the bundled sample");
            }
        }
    }

    /** One run of the pipeline on the bundled clip; the scrape taken while every client is open. */
    static String realScrape(Path tmp) throws Exception {
        Path model = TestModels.untrained(tmp.resolve("model"));
        try (MetricsServer metrics = MetricsServer.start("127.0.0.1", 0)) {
            AtomicReference<String> scraped = new AtomicReference<>();
            RunResult r = new StreamRun(new StreamRun.Settings()
                    .producer(FaceCropProducer.Options.builder(Samples.demoVideo().toString(), null)
                            .streamId("deploy-check").pace(false).build())
                    .detector(KeypointDetector.Options.builder(model).device("cpu").maxBatch(16)
                            .maxWait(Duration.ofMillis(20)).threads(1).build())
                    .measureModel(false).registry(metrics.registry())
                    .beforeClose(result -> scraped.set(get(metrics.url())))).run();
            assertTrue(r.cropsSent() > 0 && r.keypointsReceived() == r.cropsSent(), "the run did not complete");
            return scraped.get();
        }
    }

    private static String get(String url) {
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            return response.body();
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("cannot scrape " + url, e);
        }
    }

    /** {@code docker compose} (v2) or {@code docker-compose}, when one runs here; null otherwise. */
    static List<String> composeBinary() {
        for (List<String> candidate : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            List<String> cmd = new ArrayList<>(candidate);
            cmd.add("version");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return candidate;
                }
            } catch (IOException e) {
                // not installed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }
}
