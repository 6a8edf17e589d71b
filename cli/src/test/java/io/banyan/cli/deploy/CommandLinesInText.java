package io.banyan.cli.deploy;

import io.banyan.cli.Cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code banyan <command> ...} lines written in a text (a comment, a shell script, a README), as the words the
 * launcher would get: lines continued with a backslash are joined; a line ends at a shell operator ({@code ; | & > <
 * )}), a backtick or a comment; quotes are removed; a word with a shell expansion ({@code $...}) or a
 * {@code <placeholder>} stands for a value and becomes {@link #PLACEHOLDER} ({@code --flag=$X}: its value only).
 */
final class CommandLinesInText {

    static final String PLACEHOLDER = "placeholder";
    private static final Pattern EXPANSION = Pattern.compile("\\$|<[^>]*>");
    /** {@code banyan} (or a path ending in it) and one of the CLI's commands (a new command is found too). */
    private static final Pattern START = Pattern.compile("(?:^|[\\s\"'`(=;|&])(?:[^\\s\"'`(=;|&]*/)?banyan\\s+((?:"
            + Cli.commandLine().getSubcommands().keySet().stream().map(Pattern::quote).collect(Collectors.joining("|"))
            + ")(?=[\\s\"'`)]|$).*)$");

    /** One command line: where it was and its words, the command first. */
    record CommandLine(String where, List<String> words) {
        @Override
        public String toString() {
            return where + ": banyan " + String.join(" ", words);
        }
    }

    private CommandLinesInText() {
    }

    /** The command lines of {@code file}. */
    static List<CommandLine> in(Path file) {
        return in(DeployFiles.name(file), DeployFiles.read(file));
    }

    /** The command lines of {@code text}. */
    static List<CommandLine> in(String name, String text) {
        List<CommandLine> found = new ArrayList<>();
        String[] lines = text.replace("\\\n", " ").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher matcher = START.matcher(lines[i]);
            if (matcher.find()) {
                found.add(new CommandLine(name + " line " + (i + 1), words(matcher.group(1))));
            }
        }
        return found;
    }

    /** The words of a shell command line up to its end (an operator, a backtick or a comment). */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
                continue;
            }
            if (Character.isWhitespace(c)) {
                word = add(words, word);
                continue;
            }
            if (";|&><)`".indexOf(c) >= 0 || c == '#' && word == null) {
                break;
            }
            word = word == null ? new StringBuilder() : word;
            word.append(c);
        }
        add(words, word);
        return words;
    }

    private static StringBuilder add(List<String> words, StringBuilder word) {
        if (word != null) {
            String text = word.toString();
            int equals = text.indexOf('=');
            String flag = text.startsWith("--") && equals > 0 ? text.substring(0, equals + 1) : "";
            words.add(EXPANSION.matcher(text.substring(flag.length())).find() ? flag + PLACEHOLDER : text);
        }
        return null;
    }
}
