/** Log output captured in tests: {@code CapturedStderr} tees what slf4j-simple writes, to count lines. */
package io.banyan.testkit.log;
