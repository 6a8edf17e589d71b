package io.banyan.cli.ctl.migrations;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The watch loop on canned answers, its pauses counted instead of slept: how it ends, and what each frame shows. */
class MigrationWatchTest {

    private static final Duration INTERVAL = Duration.ofSeconds(2);

    private final Deque<Object> answers = new ArrayDeque<>();
    private final List<Duration> pauses = new ArrayList<>();
    private final StringWriter out = new StringWriter();

    @Test
    void endsWhenRolledBackWithExitOneAndShowsEveryFrameOneAfterTheOtherOffATerminal() throws Exception {
        answers.add(view("shifting", 25, null));
        answers.add(view("shifting", 25, null));
        answers.add(view("rolled-back", 0, "guard: to error rate 0.052 > maxErrorRate 0.01 over 1m (412 requests)"));

        MigrationWatch.Outcome outcome = watch(false, 0).run();

        assertThat(outcome.end()).isEqualTo(MigrationWatch.End.ROLLED_BACK);
        assertThat(outcome.end().exitCode()).isEqualTo(1);
        assertThat(outcome.last().reason()).startsWith("guard: to error rate 0.052");
        assertThat(pauses).containsExactly(INTERVAL, INTERVAL);
        assertThat(out.toString()).doesNotContain("\u001b")
                .contains("watching orders-move every 2s, refresh 1 (ends when complete or rolled back)\n"
                        + "orders-move: shifting, step 3/5, weight 25 %\n")
                .contains("\n\nwatching orders-move every 2s, refresh 3 (ends when complete or rolled back)\n"
                        + "orders-move: rolled-back, step 3/5, weight 0 %\n")
                .contains("  reason: guard: to error rate 0.052");
    }

    @Test
    void endsWhenCompleteWithExitZero() throws Exception {
        answers.add(view("shifting", 50, null));
        answers.add(view("complete", 100, null));

        MigrationWatch.Outcome outcome = watch(false, 0).run();

        assertThat(outcome.end()).isEqualTo(MigrationWatch.End.COMPLETE);
        assertThat(outcome.end().exitCode()).isZero();
        assertThat(pauses).hasSize(1);
    }

    @Test
    void endsAfterCountRefreshesWithoutPausingAfterTheLast() throws Exception {
        for (int i = 0; i < 5; i++) {
            answers.add(view("shifting", 25, null));
        }

        MigrationWatch.Outcome outcome = watch(false, 3).run();

        assertThat(outcome.end()).isEqualTo(MigrationWatch.End.COUNT);
        assertThat(outcome.end().exitCode()).isZero();
        assertThat(answers).as("fetched three times").hasSize(2);
        assertThat(pauses).hasSize(2);
        assertThat(out.toString()).contains("refresh 3 of 3").doesNotContain("refresh 4");
    }

    @Test
    void onATerminalEachFrameClearsTheScreenFirst() throws Exception {
        answers.add(view("shifting", 25, null));
        answers.add(view("shifting", 50, null));

        watch(true, 2).run();

        String[] frames = out.toString().split("\u001b\\[H\u001b\\[2J", -1);
        assertThat(frames).hasSize(3);
        assertThat(frames[0]).isEmpty();
        assertThat(frames[1]).startsWith("watching orders-move").contains("weight 25 %").doesNotContain("weight 50 %");
        assertThat(frames[2]).startsWith("watching orders-move").contains("weight 50 %");
    }

    @Test
    void aFailedFetchAfterTheFirstViewIsShownOverTheLastViewAndRetried() throws Exception {
        answers.add(view("shifting", 25, null));
        answers.add(new IOException("503 Service Unavailable: the store is not open"));
        answers.add(view("complete", 100, null));

        MigrationWatch.Outcome outcome = watch(false, 0).run();

        assertThat(outcome.end()).isEqualTo(MigrationWatch.End.COMPLETE);
        assertThat(out.toString()).contains("refresh 2 (ends when complete or rolled back)\n"
                + "! 503 Service Unavailable: the store is not open (the last answer below; retrying)\n"
                + "orders-move: shifting, step 3/5, weight 25 %");
    }

    @Test
    void aFailedFirstFetchIsTheWatchsFailure() {
        answers.add(new IOException("cannot reach the admin API"));

        assertThatThrownBy(() -> watch(false, 0).run()).isInstanceOf(IOException.class)
                .hasMessage("cannot reach the admin API");
        assertThat(out.toString()).isEmpty();
    }

    private MigrationWatch watch(boolean terminal, int count) {
        return new MigrationWatch(this::next, new WatchScreen(new PrintWriter(out), terminal), pauses::add, INTERVAL,
                count);
    }

    private MigrationView next() throws IOException {
        Object answer = answers.remove();
        if (answer instanceof IOException failure) {
            throw failure;
        }
        return (MigrationView) answer;
    }

    private static MigrationView view(String state, int weight, String reason) {
        return MigrationView.of(reason == null ? Views.view().put("state", state).put("weight", weight)
                : Views.view().put("state", state).put("weight", weight).put("reason", reason));
    }
}
