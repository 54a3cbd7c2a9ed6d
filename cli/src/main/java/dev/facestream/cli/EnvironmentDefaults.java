package dev.facestream.cli;

import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every option can also be set by an environment variable, so containers are configured by
 * environment alone: {@code --bootstrap-servers} of any subcommand reads
 * {@code FACESTREAM_BOOTSTRAP_SERVERS}, {@code --max-wait-ms} reads {@code FACESTREAM_MAX_WAIT_MS}.
 * A command-line option wins over the environment, the environment over the built-in default.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {
    static final String PREFIX = "FACESTREAM_";
    private final Map<String, String> env;

    EnvironmentDefaults(Map<String, String> env) {
        this.env = env;
    }

    /** The variable that sets an option, e.g. {@code --device} -> {@code FACESTREAM_DEVICE}. */
    static String variableFor(String longestName) {
        return PREFIX + longestName.replaceFirst("^-+", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (arg instanceof OptionSpec option && !option.usageHelp() && !option.versionHelp()) {
            String value = env.get(variableFor(option.longestName()));
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return arg.defaultValue();
    }
}
