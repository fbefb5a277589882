// Package escalation escalates customer problems by agreed procedure and
// catches issues that hit many accounts before they are widespread.
//
// # Policies and the engine
//
// (Written by the engine's author.)
//
// # Exactly once
//
// (Written by the records' author.)
//
// # Early warning
//
// (Written by the detector's author.)
package escalation
