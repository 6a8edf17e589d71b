package io.banyan.cli.demo.strangler;

import com.fasterxml.jackson.databind.JsonNode;
import io.banyan.cli.admin.AdminAnswer;
import io.banyan.cli.admin.AdminClient;
import io.banyan.cli.demo.StopSignal;
import io.banyan.cli.options.CommandFailure;
import io.banyan.cli.options.ErrorReporter;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/**
 * The bad release's migration through the admin API: create it, wait for its rollback by polling its view, read the
 * {@code rolled-back} event, roll it back by hand when nothing did, delete it.
 */
final class GuardedMigration {

    static final String ROLLED_BACK = "rolled-back";
    private static final Duration POLL = Duration.ofMillis(250);
    private static final String PATH = "/v1/migrations/" + BadRelease.NAME;

    private final AdminClient admin;
    private final String gateway;

    GuardedMigration(AdminClient admin, String gateway) {
        this.admin = admin;
        this.gateway = gateway;
    }

    void create() throws IOException, InterruptedException {
        AdminAnswer answer = admin.post("/v1/migrations", BadRelease.migration(gateway));
        if (!answer.ok()) {
            throw new CommandFailure("the control plane refused the migration " + BadRelease.NAME + ": "
                    + answer.problem(), ErrorReporter.FAILURE);
        }
    }

    /** Polls the view until it is rolled back (true), {@code timeout} passes or {@code stop} comes (false). */
    boolean awaitRolledBack(Duration timeout, StopSignal stop) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ROLLED_BACK.equals(state())) {
            if (System.nanoTime() > deadline || stop.await(POLL)) {
                return false;
            }
        }
        return true;
    }

    /** The latest {@code rolled-back} event of the rolled-back migration. */
    GuardTrip rollback() throws IOException, InterruptedException {
        AdminAnswer answer = admin.get(PATH + "/events");
        if (!answer.ok()) {
            throw failure("cannot read the events of", answer);
        }
        GuardTrip trip = null;
        for (JsonNode event : answer.json().path("events")) {
            if (ROLLED_BACK.equals(event.path("type").asText())) {
                trip = new GuardTrip(millis(event.path("at").asText("")), event.path("by").asText(""),
                        event.path("reason").asText(""), event.path("figures").path("toRequests").asLong(0));
            }
        }
        if (trip == null) {
            throw new CommandFailure("the migration " + BadRelease.NAME + " is rolled back, but its events show no "
                    + ROLLED_BACK + " event", ErrorReporter.FAILURE);
        }
        return trip;
    }

    /** An operator's rollback; a migration rolled back meanwhile is left as it is. */
    void rollBackByHand() throws IOException, InterruptedException {
        AdminAnswer answer = admin.post(PATH + "/rollback");
        if (!answer.ok() && !ROLLED_BACK.equals(state())) {
            throw failure("cannot roll back", answer);
        }
    }

    void delete() throws IOException, InterruptedException {
        AdminAnswer answer = admin.delete(PATH);
        if (!answer.ok()) {
            throw failure("cannot delete", answer);
        }
    }

    private String state() throws IOException, InterruptedException {
        AdminAnswer answer = admin.get(PATH);
        if (!answer.ok()) {
            throw failure("cannot read", answer);
        }
        return answer.json().path("state").asText("");
    }

    /** An RFC 3339 time to the millisecond, for the printed line; as it came when it is not one. */
    private static String millis(String at) {
        try {
            return Instant.parse(at).truncatedTo(ChronoUnit.MILLIS).toString();
        } catch (DateTimeParseException e) {
            return at;
        }
    }

    private static CommandFailure failure(String what, AdminAnswer answer) {
        return new CommandFailure(what + " the migration " + BadRelease.NAME + ": " + answer.problem(),
                ErrorReporter.FAILURE);
    }
}
