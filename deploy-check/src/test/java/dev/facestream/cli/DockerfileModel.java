package dev.facestream.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Dockerfile as BuildKit reads it, as far as the checks need: instructions (continuation lines
 * joined, comments dropped), stages with their base, and the global {@code ARG}s that {@code FROM}
 * lines may use.
 */
final class DockerfileModel {
    record Instruction(String keyword, String args, int line) {
    }

    /** One stage: {@code FROM base [AS name]} and what follows it up to the next FROM. */
    record Stage(String name, String base, List<Instruction> instructions) {
        List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }
    }

    final Map<String, String> globalArgs = new LinkedHashMap<>();
    /** Stages in order; the unresolved {@code FROM} text is kept, see {@link #resolve}. */
    final List<Stage> stages = new ArrayList<>();

    static DockerfileModel parse(Path file) throws IOException {
        DockerfileModel d = new DockerfileModel();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        StringBuilder current = null;
        int startLine = 0;
        List<Instruction> instructions = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String trimmed = line.trim();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current == null)) {
                continue;  // a comment, also between continuation lines, as BuildKit allows
            }
            if (current == null) {
                current = new StringBuilder();
                startLine = i + 1;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().trim();
            current = null;
            if (text.isEmpty()) {
                continue;
            }
            int sp = text.indexOf(' ');
            instructions.add(new Instruction(text.substring(0, sp < 0 ? text.length() : sp).toUpperCase(Locale.ROOT),
                    sp < 0 ? "" : text.substring(sp + 1).trim(), startLine));
        }
        List<Instruction> stage = null;
        String name = null;
        String base = null;
        for (Instruction in : instructions) {
            if (in.keyword().equals("FROM")) {
                if (stage != null) {
                    d.stages.add(new Stage(name, base, stage));
                }
                String[] w = in.args().replaceAll("--platform=\\S+\\s+", "").split("\\s+");
                base = w[0];
                name = w.length >= 3 && w[1].equalsIgnoreCase("AS") ? w[2] : null;
                stage = new ArrayList<>();
            } else if (stage == null) {
                if (in.keyword().equals("ARG")) {
                    String[] kv = in.args().split("=", 2);
                    d.globalArgs.put(kv[0].trim(), kv.length > 1 ? kv[1].trim() : "");
                }
            } else {
                stage.add(in);
            }
        }
        if (stage != null) {
            d.stages.add(new Stage(name, base, stage));
        }
        return d;
    }

    /** {@code ${ARG}} and {@code $ARG} in a FROM line or a {@code --from}, with the build's args. */
    String resolve(String text, Map<String, String> buildArgs) {
        Matcher m = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = buildArgs.getOrDefault(m.group(1), globalArgs.get(m.group(1)));
            if (v == null) {
                throw new AssertionError("Dockerfile: ARG " + m.group(1) + " is not declared before the first FROM");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    Stage stage(String name) {
        return stages.stream().filter(s -> name.equals(s.name())).findFirst()
                .orElseThrow(() -> new AssertionError("Dockerfile has no stage " + name));
    }

    boolean isStage(String name) {
        return stages.stream().anyMatch(s -> name.equals(s.name()));
    }

    /** The stage built for {@code target} (the last one without a target) and the stages it derives FROM, nearest first. */
    List<Stage> chain(String target, Map<String, String> buildArgs) {
        Stage s = target == null ? stages.get(stages.size() - 1) : stage(target);
        List<Stage> chain = new ArrayList<>();
        while (s != null) {
            chain.add(s);
            String base = resolve(s.base(), buildArgs);
            s = isStage(base) ? stage(base) : null;
        }
        return chain;
    }

    /** The external image the chain of {@code target} starts from. */
    String baseImage(String target, Map<String, String> buildArgs) {
        List<Stage> chain = chain(target, buildArgs);
        return resolve(chain.get(chain.size() - 1).base(), buildArgs);
    }

    /**
     * The simple commands of a RUN (shell form), split at {@code &&}, {@code ||} and {@code ;}, with
     * surrounding whitespace removed.
     */
    static List<String> commands(Instruction run) {
        String args = run.args();
        while (args.startsWith("--")) {  // RUN --mount=... --network=...
            int sp = args.indexOf(' ');
            args = args.substring(sp + 1).trim();
        }
        List<String> out = new ArrayList<>();
        for (String c : args.split("&&|\\|\\||;")) {
            if (!c.isBlank()) {
                out.add(c.trim().replaceAll("\\s+", " "));
            }
        }
        return out;
    }

    /** Value of a {@code --flag=value} of a COPY/ADD, or null. */
    static String flag(Instruction in, String flag) {
        Matcher m = Pattern.compile("--" + flag + "=(\\S+)").matcher(in.args());
        return m.find() ? m.group(1) : null;
    }

    /** The sources and destination of a COPY (flags removed). */
    static List<String> copyOperands(Instruction in) {
        List<String> words = new ArrayList<>();
        for (String w : in.args().split("\\s+")) {
            if (!w.startsWith("--")) {
                words.add(w);
            }
        }
        return words;
    }
}
