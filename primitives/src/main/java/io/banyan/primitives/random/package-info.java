/** Randomness the mesh shares between threads: one per-thread random source for jitter and load balancing. */
package io.banyan.primitives.random;
