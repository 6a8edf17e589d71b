/** Join tokens: issued per service, stored only as a hash, verified in constant time, revocable and expiring. */
package io.banyan.controlplane.token;
