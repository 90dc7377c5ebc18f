package org.pkuse.connect.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** How the stack's child processes are started. */
final class ChildCommand {

    private static final Path SH = Path.of("/bin/sh");

    private ChildCommand() {
    }

    /**
     * {@code command} started with SIGINT ignored, through {@code /bin/sh} (as is, where there is none). Ctrl-C in a
     * terminal reaches every process of the foreground group; the JVM that started the children stops them itself,
     * in its own order. A JVM that starts with SIGINT ignored keeps ignoring it, whatever handlers the program
     * registers; SIGTERM and the end of its standard input still stop it.
     */
    static List<String> ignoringInterrupt(List<String> command) {
        if (!Files.isExecutable(SH)) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(SH.toString(), "-c", "trap '' INT; exec \"$0\" \"$@\""));
        wrapped.addAll(command);
        return wrapped;
    }
}
