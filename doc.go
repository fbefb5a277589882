// Package keyaccount is the root of a module of key-account-management domain
// logic. The root package holds documentation only; the work is done by the
// packages below it.
package keyaccount
