package io.banyan.bench.xds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What Linux says of one process: CPU seconds (utime + stime of all its threads, {@code /proc/PID/stat}), resident
 * memory now and at its peak ({@code /proc/PID/status} VmRSS, VmHWM), and for a JVM the heap in use right after a
 * full collection ({@code jcmd PID GC.run}, then {@code GC.heap_info}).
 */
public final class ProcessMeter {

    /** Linux's USER_HZ: the unit of utime and stime, 100 on every mainstream kernel. */
    static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private final long pid;

    public ProcessMeter(long pid) {
        this.pid = pid;
    }

    public static ProcessMeter self() {
        return new ProcessMeter(ProcessHandle.current().pid());
    }

    public long pid() {
        return pid;
    }

    public double cpuSeconds() {
        try {
            return cpuSecondsOf(Files.readString(Path.of("/proc/" + pid + "/stat"), StandardCharsets.US_ASCII));
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** utime + stime of a {@code /proc/PID/stat} line; the command (field 2) may hold spaces and parentheses. */
    static double cpuSecondsOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // after the command: state is field 3, so utime (14) and stime (15) are at 11 and 12
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    public double rssMb() {
        return statusMb("VmRSS");
    }

    public double peakRssMb() {
        return statusMb("VmHWM");
    }

    private double statusMb(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** The JVM's heap in use after a full GC, in MB; empty when jcmd cannot tell. */
    public OptionalDouble heapAfterGcMb() {
        try {
            jcmd("GC.run");
            return heapUsedMb(jcmd("GC.heap_info"));
        } catch (IOException e) {
            return OptionalDouble.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        }
    }

    /**
     * The used heap of {@code jcmd GC.heap_info} output: the sum over its {@code total NK, used MK} lines (one for G1's
     * {@code garbage-first heap}, one per generation for the serial and parallel collectors; Metaspace is not heap).
     */
    static OptionalDouble heapUsedMb(String heapInfo) {
        Matcher matcher = HEAP_USED.matcher(heapInfo);
        long usedKb = 0;
        boolean found = false;
        while (matcher.find()) {
            usedKb += Long.parseLong(matcher.group(1));
            found = true;
        }
        return found ? OptionalDouble.of(usedKb / 1024.0) : OptionalDouble.empty();
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("jcmd", String.valueOf(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("jcmd " + command + ": no answer in 60 s");
        }
        return output;
    }
}
