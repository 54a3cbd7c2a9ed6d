package dev.facestream.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A Compose project as {@code docker compose config} would see it, without an engine: the YAML
 * (SnakeYAML resolves anchors and {@code <<} merge keys), variables interpolated the way Compose
 * does with an empty shell environment (so every {@code ${NAME:-default}} takes its default),
 * override files merged onto the base file.
 */
final class ComposeModel {
    /** Top-level keys of the Compose specification. */
    static final Set<String> TOP_LEVEL = Set.of("version", "name", "services", "networks", "volumes", "configs",
            "secrets", "include", "models");
    /** Service keys of the Compose specification (the subset any file of this project may use is smaller). */
    static final Set<String> SERVICE_KEYS = Set.of("annotations", "attach", "blkio_config", "build", "cap_add",
            "cap_drop", "cgroup", "cgroup_parent", "command", "configs", "container_name", "cpu_count",
            "cpu_percent", "cpu_period", "cpu_quota", "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpus",
            "cpuset", "credential_spec", "depends_on", "deploy", "develop", "device_cgroup_rules", "devices", "dns",
            "dns_opt", "dns_search", "domainname", "entrypoint", "env_file", "environment", "expose", "extends",
            "external_links", "extra_hosts", "gpus", "group_add", "healthcheck", "hostname", "image", "init", "ipc",
            "isolation", "labels", "links", "logging", "mac_address", "mem_limit", "mem_reservation",
            "mem_swappiness", "memswap_limit", "network_mode", "networks", "oom_kill_disable", "oom_score_adj",
            "pid", "pids_limit", "platform", "ports", "post_start", "pre_stop", "privileged", "profiles",
            "pull_policy", "read_only", "restart", "runtime", "scale", "secrets", "security_opt", "shm_size",
            "stdin_open", "stop_grace_period", "stop_signal", "storage_opt", "sysctls", "tmpfs", "tty", "ulimits",
            "user", "userns_mode", "uts", "volumes", "volumes_from", "working_dir");

    private static final Pattern VARIABLE = Pattern.compile(
            "\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])((?:[^{}]|\\{[^{}]*\\})*))?\\}|\\$([A-Za-z_][A-Za-z0-9_]*)");

    final Map<String, Object> root;

    private ComposeModel(Map<String, Object> root) {
        this.root = root;
    }

    /** The raw YAML of one file, before interpolation (for structure checks). */
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(Path file) throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object doc = new Yaml(options).load(Files.readString(file, StandardCharsets.UTF_8));
        if (!(doc instanceof Map)) {
            throw new AssertionError(file + ": not a YAML mapping");
        }
        return (Map<String, Object>) doc;
    }

    /** Base file plus overrides, interpolated with {@code env} (normally empty: the defaults). */
    static ComposeModel load(Map<String, String> env, Path base, Path... overrides) throws IOException {
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = (Map<String, Object>) interpolate(yaml(base), env);
        for (Path o : overrides) {
            @SuppressWarnings("unchecked")
            Map<String, Object> over = (Map<String, Object>) interpolate(yaml(o), env);
            merged = mergeMaps(merged, over, "");
        }
        return new ComposeModel(merged);
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) (Map<?, ?>) root.get("services");
    }

    Map<String, Object> service(String name) {
        Map<String, Object> s = services().get(name);
        if (s == null) {
            throw new AssertionError("docker-compose.yml has no service " + name);
        }
        return s;
    }

    /** The service's environment as strings (mapping or list form; a null value is an empty string). */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object e = service.get("environment");
        if (e instanceof Map<?, ?> m) {
            m.forEach((k, v) -> env.put(k.toString(), v == null ? "" : scalar(v)));
        } else if (e instanceof List<?> l) {
            for (Object item : l) {
                String s = item.toString();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return env;
    }

    /** {@code command} as a list of words. */
    static List<String> command(Map<String, Object> service) {
        Object c = service.get("command");
        List<String> words = new ArrayList<>();
        if (c instanceof List<?> l) {
            l.forEach(w -> words.add(scalar(w)));
        } else if (c != null) {
            words.addAll(List.of(c.toString().trim().split("\\s+")));
        }
        return words;
    }

    /** A short-syntax volume or mount: {@code source:target[:mode]}. */
    record Mount(String source, String target, boolean readOnly) {
        boolean named() {
            return !source.startsWith(".") && !source.startsWith("/") && !source.startsWith("~");
        }

        /** Whether {@code path} (absolute, in the container) is this mount's target or below it. */
        boolean covers(String path) {
            return path.equals(target) || path.startsWith(target.endsWith("/") ? target : target + "/");
        }
    }

    static List<Mount> mounts(Map<String, Object> service) {
        return entries(service, "volumes",
                m -> new Mount(String.valueOf(m.get("source")), String.valueOf(m.get("target")),
                        Boolean.TRUE.equals(m.get("read_only"))),
                item -> {
                    String[] parts = item.split(":");
                    if (parts.length == 1) {
                        return new Mount("", parts[0], false);
                    }
                    boolean ro = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
                    return new Mount(parts[0], parts[1], ro);
                });
    }

    /** Container ports published with {@code ports} (short syntax {@code [host:]container[/proto]}). */
    static List<Integer> publishedContainerPorts(Map<String, Object> service) {
        return entries(service, "ports", m -> Integer.parseInt(String.valueOf(m.get("target"))), item -> {
            String s = item.replaceFirst("/(tcp|udp)$", "");
            return Integer.parseInt(s.substring(s.lastIndexOf(':') + 1));
        });
    }

    /**
     * The entries of a service's list {@code key} (volumes, ports), each in compose's long syntax
     * (a map) or its short one (a string).
     */
    private static <T> List<T> entries(Map<String, Object> service, String key,
            Function<Map<?, ?>, T> longSyntax, Function<String, T> shortSyntax) {
        List<T> entries = new ArrayList<>();
        if (service.get(key) instanceof List<?> l) {
            for (Object item : l) {
                entries.add(item instanceof Map<?, ?> m ? longSyntax.apply(m) : shortSyntax.apply(item.toString()));
            }
        }
        return entries;
    }

    /** Host side of each published port, container port -> host port. */
    static Map<Integer, Integer> publishedHostPorts(Map<String, Object> service) {
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        Object p = service.get("ports");
        if (p instanceof List<?> l) {
            for (Object item : l) {
                String[] parts = item.toString().replaceFirst("/(tcp|udp)$", "").split(":");
                if (parts.length >= 2) {
                    ports.put(Integer.parseInt(parts[parts.length - 1]), Integer.parseInt(parts[parts.length - 2]));
                }
            }
        }
        return ports;
    }

    static Set<Integer> exposed(Map<String, Object> service) {
        Set<Integer> ports = new LinkedHashSet<>();
        Object e = service.get("expose");
        if (e instanceof List<?> l) {
            l.forEach(x -> ports.add(Integer.parseInt(x.toString().replaceFirst("/(tcp|udp)$", ""))));
        }
        return ports;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map ? (Map<String, Object>) o : Map.of();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o instanceof List ? (List<Object>) o : List.of();
    }

    static String scalar(Object v) {
        if (v instanceof Double d && d == Math.rint(d)) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v);
    }

    /** Compose's interpolation of every string value (not keys) of the tree. */
    static Object interpolate(Object node, Map<String, String> env) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(k.toString(), interpolate(v, env)));
            return out;
        }
        if (node instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(interpolate(v, env)));
            return out;
        }
        if (node instanceof String s) {
            return interpolate(s, env);
        }
        return node;
    }

    /**
     * {@code $$} is a literal {@code $}; {@code ${N}}, {@code $N}; {@code ${N:-d}} (d when unset or empty),
     * {@code ${N-d}} (d when unset); {@code ${N:?e}}, {@code ${N?e}} (error); {@code ${N:+a}}, {@code ${N+a}}.
     */
    static String interpolate(String s, Map<String, String> env) {
        Matcher m = VARIABLE.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else if (m.group(4) != null) {
                replacement = env.getOrDefault(m.group(4), "");
            } else {
                String name = m.group(1);
                String op = m.group(2);
                String arg = m.group(3) == null ? "" : interpolate(m.group(3), env);
                String value = env.get(name);
                boolean set = value != null;
                boolean nonEmpty = set && !value.isEmpty();
                if (op == null) {
                    replacement = set ? value : "";
                } else {
                    replacement = switch (op) {
                        case ":-" -> nonEmpty ? value : arg;
                        case "-" -> set ? value : arg;
                        case ":+" -> nonEmpty ? arg : "";
                        case "+" -> set ? arg : "";
                        case ":?", "?" -> {
                            if (op.equals(":?") ? !nonEmpty : !set) {
                                throw new AssertionError("required variable " + name + " is missing: " + arg);
                            }
                            yield value;
                        }
                        default -> throw new AssertionError("unknown interpolation " + m.group());
                    };
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Compose's merge of an override file: mappings merge key by key; {@code command},
     * {@code entrypoint} and {@code healthcheck.test} are replaced; other sequences (ports,
     * volumes, devices, ...) are appended without duplicates.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> mergeMaps(Map<String, Object> base, Map<String, Object> over, String path) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((k, v) -> {
            Object b = out.get(k);
            String p = path.isEmpty() ? k : path + "." + k;
            if (b instanceof Map && v instanceof Map) {
                out.put(k, mergeMaps((Map<String, Object>) b, (Map<String, Object>) v, p));
            } else if (b instanceof List && v instanceof List && !Set.of("command", "entrypoint", "test")
                    .contains(k)) {
                Set<Object> merged = new LinkedHashSet<>((List<Object>) b);
                merged.addAll((List<Object>) v);
                out.put(k, new ArrayList<>(merged));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }
}
