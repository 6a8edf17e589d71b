/** Small text rules written once: how a long value is cut to a bound before it is shown or logged. */
package io.banyan.primitives.text;
