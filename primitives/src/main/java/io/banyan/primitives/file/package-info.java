/** Files written so that a reader or a crash sees the old content or the new, never a part: {@code AtomicFiles}. */
package io.banyan.primitives.file;
