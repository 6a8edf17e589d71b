/** Argument checks of validated records, whose messages name the field and what was expected. */
package io.banyan.primitives.check;
