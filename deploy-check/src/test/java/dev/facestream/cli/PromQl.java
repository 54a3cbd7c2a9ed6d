package dev.facestream.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Just enough of PromQL to find what a query selects: every vector selector's metric name and
 * label matchers. Function and aggregation names, the label lists of {@code by}/{@code without}/
 * {@code on}/{@code ignoring}/{@code group_left}/{@code group_right}, range and offset durations,
 * numbers, strings and Grafana variables ({@code $__rate_interval}) are skipped.
 */
final class PromQl {
    record Matcher(String label, String op, String value) {
    }

    record Selector(String metric, List<Matcher> matchers) {
    }

    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "atan2", "inf", "nan");
    /** Aggregation operators: {@code sum by (le) (...)} has its label list between name and arguments. */
    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> LABEL_LISTS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right");

    private PromQl() {
    }

    static List<Selector> selectors(String expr) {
        List<Selector> out = new ArrayList<>();
        int i = 0;
        int n = expr.length();
        while (i < n) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '[') {
                i = expr.indexOf(']', i) + 1;
                if (i == 0) {
                    throw new IllegalArgumentException("unclosed [ in " + expr);
                }
            } else if (c == '$') {
                i++;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
                        || expr.charAt(i) == '{' || expr.charAt(i) == '}')) {
                    i++;
                }
            } else if (c == '{') {
                // a selector without a metric name before it: {__name__=~"..."}
                int end = closing(expr, i);
                out.add(new Selector(null, matchers(expr.substring(i + 1, end))));
                i = end + 1;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(expr.charAt(i + 1)))) {
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '.'
                        || expr.charAt(i) == '+' && (expr.charAt(i - 1) == 'e' || expr.charAt(i - 1) == 'E'))) {
                    i++;
                }
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(expr.charAt(i)) || expr.charAt(i) == '_'
                        || expr.charAt(i) == ':')) {
                    i++;
                }
                String word = expr.substring(start, i);
                int j = i;
                while (j < n && Character.isWhitespace(expr.charAt(j))) {
                    j++;
                }
                String lower = word.toLowerCase(java.util.Locale.ROOT);
                if (LABEL_LISTS.contains(lower)) {
                    if (j < n && expr.charAt(j) == '(') {
                        i = expr.indexOf(')', j) + 1;
                    }
                } else if (KEYWORDS.contains(lower) || AGGREGATIONS.contains(lower)) {
                    // an operator keyword, or an aggregation whose by/without and arguments come next
                } else if (j < n && expr.charAt(j) == '(') {
                    // a function or aggregation call: its arguments are scanned next
                } else if (j < n && expr.charAt(j) == '{') {
                    int end = closing(expr, j);
                    out.add(new Selector(word, matchers(expr.substring(j + 1, end))));
                    i = end + 1;
                } else {
                    out.add(new Selector(word, List.of()));
                }
            } else {
                i++;
            }
        }
        return out;
    }

    private static int closing(String expr, int open) {
        int i = open + 1;
        while (i < expr.length()) {
            char c = expr.charAt(i);
            if (c == '"' || c == '\'' || c == '`') {
                i = skipString(expr, i);
            } else if (c == '}') {
                return i;
            } else {
                i++;
            }
        }
        throw new IllegalArgumentException("unclosed { in " + expr);
    }

    private static int skipString(String expr, int i) {
        char q = expr.charAt(i);
        i++;
        while (i < expr.length() && expr.charAt(i) != q) {
            if (expr.charAt(i) == '\\' && q != '`') {
                i++;
            }
            i++;
        }
        return i + 1;
    }

    private static List<Matcher> matchers(String body) {
        List<Matcher> out = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`)\\s*,?")
                .matcher(body);
        int pos = 0;
        while (m.find() && m.start() == pos) {
            String raw = m.group(3);
            String value = raw.substring(1, raw.length() - 1);
            if (raw.charAt(0) != '`') {
                value = value.replace("\\\\", "\u0000").replace("\\", "").replace("\u0000", "\\");
            }
            out.add(new Matcher(m.group(1), m.group(2), value));
            pos = m.end();
        }
        if (pos != body.length() && !body.substring(pos).isBlank()) {
            throw new IllegalArgumentException("cannot read the label matchers {" + body + "}");
        }
        return out;
    }
}
