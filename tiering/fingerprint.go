package tiering

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// FingerprintOf returns a stable hash of a tiering configuration: the policy
// and the scorecards, in precedence order. Record it with the tiers it
// produced, and pass it to [Result.Plan] next time, so that a plan can tell
// moves caused by a change of configuration from moves caused by changed
// scores.
//
// It is the first 16 hexadecimal digits of the SHA-256 of [Describe]'s
// text, which covers every field of the policy (name, basis, each tier's
// minimum score, share, count and cap, and the hysteresis) and of each
// scorecard (name, selector, and each measure's name, weight, source,
// direction, normalisation, clip, bands and missing-value policy). It
// does not cover what a [Func] source computes, only its name, nor the
// data of a run (scores, values, overrides, the instant). It is the same
// on every platform and in every run.
func FingerprintOf(p Policy, cards ...Scorecard) Fingerprint {
	sum := sha256.Sum256([]byte(Describe(p, cards...)))
	return Fingerprint(hex.EncodeToString(sum[:8]))
}

// A Fingerprint identifies a tiering configuration, the policy and the
// scorecards: 16 hexadecimal digits, as [FingerprintOf] computes them and
// [Result.Fingerprint] records them. Store it as a string with the tiers it
// produced. The zero Fingerprint is an unknown configuration: a plan from
// it gives every move that neither an override nor a new account explains
// the reason [MovePolicy].
type Fingerprint string

// Describe returns the canonical text of a tiering configuration that
// [FingerprintOf] hashes, one line per part, so that an application can show
// or store exactly what a fingerprint stands for. Numbers are written in
// their shortest exact form and strings quoted. Settings that mean the
// same are written the same: a NormalisationZScore measure's zero Clip as 3, and a
// selector's segments sorted, once each. The order of the scorecards, of
// their measures and of the tiers is part of the configuration.
func Describe(p Policy, cards ...Scorecard) string {
	var b strings.Builder
	b.WriteString("keyaccount tiering configuration v1\n")
	fmt.Fprintf(&b, "policy name=%q basis=%s tiers=%d\n", p.Name, p.Basis, len(p.Rules))
	for i, t := range p.Rules {
		fmt.Fprintf(&b, "tier %d min-score=%s share=%s count=%d cap=%d\n", i+1, t.MinScore, t.Share.String(), t.Count, t.Cap)
	}
	h := p.Hysteresis
	fmt.Fprintf(&b, "hysteresis up=%s down=%s min-dwell=%s max-step-down=%d\n", h.Up, h.Down, h.MinDwell, h.MaxStepDown)
	for _, c := range cards {
		// A selector's segments are a set: written sorted, once each.
		segments := slices.Compact(slices.Sorted(slices.Values(c.When.Segments)))
		fmt.Fprintf(&b, "scorecard %q audience=%s segments=%s measures=%d\n", c.Name, c.When.Audience, quoteAll(segments), len(c.Measures))
		for _, m := range c.Measures {
			clip := m.Clip
			if m.Normalisation == NormalisationZScore && clip == 0 {
				clip = 3 // what a zero Clip means
			}
			fmt.Fprintf(&b, "measure %q weight=%s source=%s direction=%q normalisation=%q clip=%s missing=%s bands=%d\n",
				m.Name, formatFloat(m.Weight), m.Source, m.Direction, m.Normalisation, formatFloat(clip), m.Missing, len(m.Bands))
			for _, band := range m.Bands {
				fmt.Fprintf(&b, "band %s\n", band)
			}
		}
	}
	return b.String()
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return "[" + strings.Join(q, ",") + "]"
}
