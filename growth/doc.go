// Package growth finds where each account can grow and watches the work of
// growing it: the white space of offerings its buying centres do not hold,
// its share of wallet, the opportunity pipeline, and whether the account
// hears one coordinated voice.
package growth
