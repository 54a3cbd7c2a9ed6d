package dev.facestream.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A scrape in the Prometheus text format: every sample name with the values of each of its labels. */
final class PrometheusText {
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    /** sample name -> label name -> values seen. */
    final Map<String, Map<String, Set<String>>> samples = new LinkedHashMap<>();

    static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.matches()) {
                throw new AssertionError("not a Prometheus sample line: " + line);
            }
            Map<String, Set<String>> labels = p.samples.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>());
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.computeIfAbsent(l.group(1), k -> new TreeSet<>())
                            .add(l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
                }
            }
        }
        return p;
    }

    boolean has(String name) {
        return samples.containsKey(name);
    }
}
