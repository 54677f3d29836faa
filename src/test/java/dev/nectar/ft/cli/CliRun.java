package dev.nectar.ft.cli;

import dev.nectar.ft.home.Home;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** One run of the {@code ft} command line in this JVM, with what it printed. */
record CliRun(int exitCode, String out, String err) {
    static CliRun ft(Home home, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = FtCommand.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of("--home", home.root().toString()));
        all.addAll(List.of(args));
        int code = commandLine.execute(all.toArray(String[]::new));
        return new CliRun(code, out.toString(), err.toString());
    }
}
