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
// Account management is the early warning of a service: issues that hit
// many customers at once should be caught before they are widespread. A
// [Detector] reads the occurrences of issues in order of time (each an
// [Occurrence]: the issue, its account and the account's tier, its
// category and service, and when it was opened), and keeps, for each category and each service, the
// occurrences of a sliding window. It raises a [Warning] when a window
// reaches a threshold of distinct accounts, or of tier-weighted impact
// (the sum of a weight per tier over the distinct accounts: tier 1 counts
// more, by exact decimal weights the caller gives), and clears it with
// hysteresis: once it has stood for a least time (Hold) and the window
// has fallen to a lower clear level, so that a window hovering about the
// threshold does not flap.
//
//	d, err := escalation.NewDetector(escalation.DetectorConfig{
//		Window: time.Hour,
//		Raise:  escalation.Threshold{Accounts: 3},
//		Clear:  escalation.Threshold{Accounts: 1},
//		Hold:   30 * time.Minute,
//	})
//	...
//	for w, err := range d.Run(occurrences) { // an iter.Seq2[Occurrence, error]
//		...
//		fmt.Println(w.Explain())
//	}
//	cleared, err := d.Advance(endOfStream)
//
// A warning names the accounts in the window, in the order of their first
// issue, the first issue and the instant the threshold was crossed; its
// Steps explain it as an sla trace explains a cycle, one line each:
//
//	2024-06-03T09:40:00Z counted: issue "I-4", account "initech" (tier 3): 3 accounts, impact 5.5
//	2024-06-03T09:40:00Z raised: 3 accounts (threshold 3), impact 5.5 (threshold 6)
//	2024-06-03T10:40:00Z expired: issue "I-4", account "initech" (tier 3): 1 account, impact 1.5
//	2024-06-03T10:40:00Z cleared: 1 account (at most 1), impact 1.5 (at most 3), stood 1h0m0s
//
// The detector is deterministic: the same stream gives the same warnings,
// however it is split into calls, and across a checkpoint
// ([Detector.MarshalBinary]) and a restart from it
// ([Detector.UnmarshalBinary]), so that a long stream need not be
// replayed. Its memory, and its checkpoint, follow the window, not the
// stream. An occurrence before the detector's clock is an error wrapping
// [ErrLateOccurrence] that names the issue; the detector is unchanged by
// it, and goes on with the next.
package escalation
