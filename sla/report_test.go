package sla_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
)

// The hand-worked fixture.
//
// Calendars (see helpers_test.go), all in Pacific/Auckland with the NZ
// public holidays of 2024 (Easter Monday 1 Apr, ANZAC Day Thu 25 Apr,
// King's Birthday Mon 3 Jun, Matariki Fri 28 Jun):
//   - nz-support: Mon-Fri 08:30-12:00 and 13:00-17:00, a lunch break, so a
//     full day is 3h30 + 4h = 7h30 of business time;
//   - initech-hours: Mon-Fri 09:00-17:00, 8h a day; the account initech
//     has these hours of its own.
//
// Daylight saving ends on Sunday 7 April 2024: at 03:00 NZDT (+13) the
// clocks go back to 02:00 NZST (+12), that is at 14:00 UTC on 6 April.
//
// Policies (fixturePolicies): "Key accounts" (tier 1) and "Standard" (the
// catch-all). acme and globex are tier 1, initech tier 2, umbrella tier 3.
//
//	                  Key accounts           Standard
//	urgent  first     1h wall time           -
//	urgent  resol.    8h business            -
//	high    first     2h business            4h business
//	high    next      4h business            -
//	high    resol.    2 business days        16h business
//	normal  first     4h business            8h business
//	normal  resol.    3 business days        5 business days
//	low     first     -                      2 business days
//
// The report period is Q2 2024: [1 Apr 00:00 NZDT, 1 Jul 00:00 NZST), and
// every ticket is evaluated at Fri 5 Jul 2024 12:00 NZST.
//
// "Elapsed" below is business time on the ticket's calendar unless the
// target is wall time; "x into a day" is the business time from the day's
// first open.

func fixture(t *testing.T) []sla.Timeline {
	t.Helper()
	at := func(y int, mo time.Month, d, h, mi int) time.Time { return nzt(t, y, mo, d, h, mi) }
	const (
		apr = time.April
		may = time.May
		jun = time.June
		jul = time.July
	)
	e := func(tm time.Time, k sla.EventKind) sla.Event { return sla.Event{At: tm, Kind: k} }
	open := func(tm time.Time, p sla.Priority) sla.Event {
		return sla.Event{At: tm, Kind: sla.EventOpened, Priority: p}
	}
	status := func(tm time.Time, s sla.Status) sla.Event {
		return sla.Event{At: tm, Kind: sla.EventStatusChanged, Status: s}
	}
	prio := func(tm time.Time, p sla.Priority) sla.Event {
		return sla.Event{At: tm, Kind: sla.EventPriorityChanged, Priority: p}
	}
	tl := func(id string, a account.ID, tier account.Tier, evs ...sla.Event) sla.Timeline {
		return sla.Timeline{Ticket: id, Account: a, Tier: tier, Events: evs}
	}
	return []sla.Timeline{
		// T01 acme, high, across the weekend on which DST ends.
		// First response, 2h: opened Fri 5 Apr 16:00 NZDT; Fri 16:00-17:00
		// is 1h, Mon 8 Apr 08:30-09:30 is 1h, so due Mon 09:30 NZST. The
		// reply at Mon 09:30 is exactly at due: met, elapsed 2h. (Wall time
		// is 66h30, not 65h30: the clocks went back an hour on Sunday.)
		// Resolution, 2 business days: Fri 16:00 is 6h30 into Friday
		// (3h30 + 3h); the 2nd working day after Friday is Tue 9 Apr, and
		// 6h30 into it is 16:00: due Tue 16:00, a target of 1h + 7h30 + 6h30
		// = 15h. Solved Tue 11:00: elapsed 1h + 7h30 + 2h30 = 11h. Met.
		tl("T01", "acme", 1,
			open(at(2024, apr, 5, 16, 0), sla.PriorityHigh),
			e(at(2024, apr, 8, 9, 30), sla.EventAgentReply),
			e(at(2024, apr, 9, 11, 0), sla.EventSolved),
		),
		// T02 acme, urgent, opened in the repeated hour of the DST change.
		// Opened at 13:30 UTC on 6 Apr (Sun 7 Apr 02:30 NZDT); first
		// response 1h of wall time: due 14:30 UTC, which the clocks show as
		// 02:30 NZST. The reply at 14:45 UTC (02:45 NZST, "15 minutes after
		// opening" on a naive clock) is 1h15 after opening: breached at
		// 02:30 NZST, elapsed 1h15.
		// Resolution, 8h business: opened on Sunday, so the clock starts
		// Mon 8 Apr 08:30. Solved Mon 15:00: 3h30 + 2h = 5h30. Met.
		tl("T02", "acme", 1,
			open(time.Date(2024, apr, 6, 13, 30, 0, 0, time.UTC), sla.PriorityUrgent),
			e(time.Date(2024, apr, 6, 14, 45, 0, 0, time.UTC), sla.EventAgentReply),
			e(at(2024, apr, 8, 15, 0), sla.EventSolved),
		),
		// T03 globex, normal, across ANZAC Day (Thu 25 Apr), with a pause.
		// First response, 4h: Wed 24 Apr 15:00-17:00 is 2h; Thursday is a
		// holiday; Fri 26 Apr 08:30-10:30 is 2h: due Fri 10:30. Reply Fri
		// 10:00: 2h + 1h30 = 3h30. Met.
		// Resolution, 3 business days: 15:00 is 5h30 into Wednesday; the
		// working days after it are Fri 26, Mon 29, Tue 30: due Tue 30 Apr
		// 15:00. The reply sets the ticket pending at Fri 10:00 (elapsed 2h
		// + 1h30 = 3h30); the customer answers Mon 29 Apr 14:00 and the
		// status goes back to open: Mon 14:00-17:00 is 3h; Tue 30 Apr
		// 08:30-12:00 and 13:00-16:30 is 7h. Solved Tue 16:30: elapsed
		// 3h30 + 3h + 7h = 13h30. Met. (Without the pause it would be 22h
		// at 15:00 Tuesday... the pause moved the due to Thu 2 May 09:30.)
		// The customer's message starts a next-reply cycle, but key
		// accounts set no next-reply target for normal tickets: not
		// applicable, not counted.
		tl("T03", "globex", 1,
			open(at(2024, apr, 24, 15, 0), sla.PriorityNormal),
			e(at(2024, apr, 26, 10, 0), sla.EventAgentReply),
			status(at(2024, apr, 26, 10, 0), sla.StatusPending),
			e(at(2024, apr, 29, 14, 0), sla.EventCustomerMessage),
			status(at(2024, apr, 29, 14, 0), sla.StatusOpen),
			e(at(2024, apr, 30, 16, 30), sla.EventSolved),
		),
		// T04 globex, high, over a lunch break; two next-reply cycles.
		// First response, 2h: opened Mon 13 May 11:30; 11:30-12:00 is 30m,
		// lunch, 13:00-14:30 is 1h30: due 14:30. Reply at 14:45: elapsed
		// 30m + 1h45 = 2h15. Breached at 14:30.
		// Next reply 1, 4h: customer writes Mon 16:00; 16:00-17:00 is 1h,
		// Tue 14 May 08:30-11:30 is 3h: due Tue 11:30. Reply Tue 11:00:
		// 1h + 2h30 = 3h30. Met.
		// Next reply 2, 4h: customer writes Tue 13:30 and again at 15:00;
		// the clock runs from the oldest unanswered message, 13:30.
		// 13:30-17:00 is 3h30 and Wed 15 May 08:30-09:00 is 30m: due Wed
		// 09:00. Reply Wed 09:00, exactly at due: 4h. Met. (From the 15:00
		// message it would have been 2h30.)
		// Resolution, 2 business days: 11:30 is 3h into Monday; the 2nd
		// working day after it is Wed 15 May, 3h in is 11:30: due Wed
		// 11:30. Solved Thu 16 May 10:00: Mon 30m + 4h, Tue 7h30, Wed 7h30,
		// Thu 1h30 = 21h. Breached at Wed 11:30.
		tl("T04", "globex", 1,
			open(at(2024, may, 13, 11, 30), sla.PriorityHigh),
			e(at(2024, may, 13, 14, 45), sla.EventAgentReply),
			e(at(2024, may, 13, 16, 0), sla.EventCustomerMessage),
			e(at(2024, may, 14, 11, 0), sla.EventAgentReply),
			e(at(2024, may, 14, 13, 30), sla.EventCustomerMessage),
			e(at(2024, may, 14, 15, 0), sla.EventCustomerMessage),
			e(at(2024, may, 14, 16, 0), sla.EventInternalNote),
			e(at(2024, may, 15, 9, 0), sla.EventAgentReply),
			e(at(2024, may, 16, 10, 0), sla.EventSolved),
		),
		// T05 initech (tier 2, its own 09:00-17:00 hours), high, across
		// King's Birthday (Mon 3 Jun). Standard policy.
		// First response, 4h: Fri 31 May 15:00-17:00 is 2h; Monday is a
		// holiday; Tue 4 Jun 09:00-11:00 is 2h: due Tue 11:00. Reply Tue
		// 10:00: 3h. Met.
		// Resolution, 16h business: Fri 2h, Tue 8h, Wed 5 Jun 09:00-15:00
		// 6h: due Wed 15:00. Solved Wed 16:00: 2h + 8h + 7h = 17h. Breached
		// at Wed 15:00.
		tl("T05", "initech", 2,
			open(at(2024, may, 31, 15, 0), sla.PriorityHigh),
			e(at(2024, jun, 4, 10, 0), sla.EventAgentReply),
			e(at(2024, jun, 5, 16, 0), sla.EventSolved),
		),
		// T06 initech, normal, across Matariki (Fri 28 Jun); the breach
		// falls after the period.
		// First response, 8h: Tue 25 Jun 10:00-17:00 is 7h, Wed 26 Jun
		// 09:00-10:00 is 1h: due Wed 10:00. Reply Wed 09:30: 7h30. Met.
		// Resolution, 5 business days: 10:00 is 1h into Tuesday; the
		// working days after it are Wed 26, Thu 27, (Matariki,) Mon 1 Jul,
		// Tue 2, Wed 3 Jul: due Wed 3 Jul 10:00. Solved Thu 4 Jul 12:00:
		// breached on 3 July, outside Q2, so not counted in it.
		tl("T06", "initech", 2,
			open(at(2024, jun, 25, 10, 0), sla.PriorityNormal),
			e(at(2024, jun, 26, 9, 30), sla.EventAgentReply),
			e(at(2024, jul, 4, 12, 0), sla.EventSolved),
		),
		// T07 umbrella (tier 3), low, answered on Matariki.
		// First response, 2 business days: Thu 27 Jun 14:00 is 4h30 into
		// Thursday; the working days after it are (Matariki,) Mon 1 Jul,
		// Tue 2 Jul: due Tue 2 Jul 14:00. An agent replies on the holiday,
		// Fri 28 Jun 10:00: elapsed Thu 14:00-17:00 = 3h (a holiday adds no
		// business time). Met. No resolution target for low tickets: not
		// applicable.
		tl("T07", "umbrella", 3,
			open(at(2024, jun, 27, 14, 0), sla.PriorityLow),
			e(at(2024, jun, 28, 10, 0), sla.EventAgentReply),
			e(at(2024, jun, 28, 11, 0), sla.EventSolved),
		),
		// T08 acme, normal raised to high: retarget keeps the elapsed time.
		// Opened Wed 26 Jun 16:00. By Thu 27 Jun 10:00 the clocks show 1h
		// (Wed) + 1h30 (Thu) = 2h30.
		// First response: normal's 4h becomes high's 2h at 10:00 Thursday,
		// and 2h30 already exceeds it: breached at the change, Thu 10:00.
		// Reply Thu 10:30: elapsed 3h.
		// Resolution: normal's 3 days becomes high's 2 business days from
		// the start: 16:00 is 6h30 into Wednesday; the 2nd working day after
		// it is Mon 1 Jul (Fri 28 is Matariki), 6h30 in is 16:00: a target
		// of 1h + 7h30 + 6h30 = 15h. Solved on Matariki, Fri 28 Jun 12:00:
		// 1h + 7h30 = 8h30. Met, under high.
		tl("T08", "acme", 1,
			open(at(2024, jun, 26, 16, 0), sla.PriorityNormal),
			prio(at(2024, jun, 27, 10, 0), sla.PriorityHigh),
			e(at(2024, jun, 27, 10, 30), sla.EventAgentReply),
			e(at(2024, jun, 28, 12, 0), sla.EventSolved),
		),
		// T09 umbrella, normal, reopened: two resolution cycles.
		// First response, 8h: Mon 15 Apr 09:00-12:00 and 13:00-13:30 is
		// 3h30 by the reply at 13:30. Met.
		// Resolution 1, 5 business days (due Mon 22 Apr 09:00): solved Tue
		// 16 Apr 10:00: Mon 3h + 4h, Tue 1h30 = 8h30. Met.
		// The customer writes on Thu 18 Apr 10:00 and the ticket is
		// reopened at the same instant (given after the message here; the
		// canonical order takes the reopen first).
		// Resolution 2, 5 business days from Thu 18 Apr 10:00, 1h30 into
		// Thursday: Fri 19, Mon 22, Tue 23, Wed 24, (ANZAC Day,) Fri 26: due
		// Fri 26 Apr 10:00. Solved Mon 29 Apr 09:00: Thu 2h + 4h, four full
		// days 30h, Fri 26 7h30, Mon 30m = 44h. Breached at Fri 26 Apr
		// 10:00.
		tl("T09", "umbrella", 3,
			open(at(2024, apr, 15, 9, 0), sla.PriorityNormal),
			e(at(2024, apr, 15, 13, 30), sla.EventAgentReply),
			e(at(2024, apr, 16, 10, 0), sla.EventSolved),
			e(at(2024, apr, 18, 10, 0), sla.EventCustomerMessage),
			e(at(2024, apr, 18, 10, 0), sla.EventReopened),
			e(at(2024, apr, 29, 9, 0), sla.EventSolved),
		),
		// T10 globex, urgent, with a pause that saves the resolution.
		// First response, 1h wall: opened Tue 21 May 16:30, reply 17:10:
		// 40m. Met.
		// Resolution, 8h business: Tue 16:30-17:00 is 30m; pending from
		// 17:10 (after hours) to Wed 22 May 11:00; Wed 11:00-12:00 and
		// 13:00-17:00 is 5h; Thu 23 May 08:30-09:30 is 1h. Solved Thu 09:30:
		// 30m + 5h + 1h = 6h30. Met (due Thu 11:00). Without the pause it
		// would have been 30m + 7h30 + 1h = 9h: a breach.
		tl("T10", "globex", 1,
			open(at(2024, may, 21, 16, 30), sla.PriorityUrgent),
			e(at(2024, may, 21, 17, 10), sla.EventAgentReply),
			status(at(2024, may, 21, 17, 10), sla.StatusPending),
			status(at(2024, may, 22, 11, 0), sla.StatusOpen),
			e(at(2024, may, 22, 11, 0), sla.EventCustomerMessage),
			e(at(2024, may, 23, 9, 30), sla.EventSolved),
		),
		// T11 acme, high, still open at the evaluation: two breaches that
		// count in Q2 but have no achieved time yet.
		// First response, 2h: opened Fri 14 Jun 09:00, reply 09:20: 20m.
		// Met.
		// Next reply, 4h: customer writes Fri 16:00; Fri 1h + Mon 17 Jun
		// 08:30-11:30 3h: due Mon 11:30. No reply: breached at Mon 17 Jun
		// 11:30. At Fri 5 Jul 12:00 it has run Fri 1h, 13 full working days
		// (17-21 Jun, 24-27 Jun, 1-4 Jul; 28 Jun is Matariki) = 97h30, and
		// Fri 5 Jul 08:30-12:00 = 3h30: 102h.
		// Resolution, 2 business days: 09:00 is 30m into Friday; the 2nd
		// working day after it is Tue 18 Jun, 30m in is 09:00: due Tue 18
		// Jun 09:00 (a target of 7h + 7h30 + 30m = 15h). Breached then;
		// elapsed at the evaluation 7h + 97h30 + 3h30 = 108h.
		tl("T11", "acme", 1,
			open(at(2024, jun, 14, 9, 0), sla.PriorityHigh),
			e(at(2024, jun, 14, 9, 20), sla.EventAgentReply),
			e(at(2024, jun, 14, 16, 0), sla.EventCustomerMessage),
		),
		// T12 globex, normal, opened on Matariki and answered on Saturday.
		// First response: no business time passes between Fri 28 Jun 10:00
		// (a holiday) and Sat 29 Jun 10:00: elapsed 0s. Met.
		// Resolution: pending from the reply on; paused at the evaluation,
		// so not counted.
		tl("T12", "globex", 1,
			open(at(2024, jun, 28, 10, 0), sla.PriorityNormal),
			e(at(2024, jun, 29, 10, 0), sla.EventAgentReply),
			status(at(2024, jun, 29, 10, 0), sla.StatusPending),
		),
	}
}

func q2(t *testing.T) sla.Period {
	return sla.Period{From: nzt(t, 2024, time.April, 1, 0, 0), To: nzt(t, 2024, time.July, 1, 0, 0)}
}

func evalFixture(t *testing.T) []sla.Result {
	t.Helper()
	ev := newEvaluator(t, fixturePolicies(), fixtureCalendars(t))
	now := nzt(t, 2024, time.July, 5, 12, 0)
	var rs []sla.Result
	for _, tl := range fixture(t) {
		r, err := ev.Evaluate(tl, now)
		if err != nil {
			t.Fatal(err)
		}
		rs = append(rs, r)
	}
	return rs
}

// TestFixtureCycles checks every cycle of the fixture that has a target
// against the hand computation above.
func TestFixtureCycles(t *testing.T) {
	type cyc struct {
		Ticket  string
		Metric  sla.Metric
		N       int
		State   sla.State
		Prio    sla.Priority
		Target  time.Duration
		Elapsed time.Duration
		Due     time.Time // the breach instant for a breached cycle
		End     time.Time
	}
	at := func(y int, mo time.Month, d, h, mi int) time.Time { return nzt(t, y, mo, d, h, mi) }
	h, m := time.Hour, time.Minute
	want := []cyc{
		{"T01", sla.MetricFirstResponse, 1, sla.StateMet, sla.PriorityHigh, 2 * h, 2 * h, at(2024, 4, 8, 9, 30), at(2024, 4, 8, 9, 30)},
		{"T01", sla.MetricResolution, 1, sla.StateMet, sla.PriorityHigh, 15 * h, 11 * h, at(2024, 4, 9, 16, 0), at(2024, 4, 9, 11, 0)},
		{"T02", sla.MetricFirstResponse, 1, sla.StateBreached, sla.PriorityUrgent, 1 * h, 75 * m,
			time.Date(2024, 4, 6, 14, 30, 0, 0, time.UTC), time.Date(2024, 4, 6, 14, 45, 0, 0, time.UTC)},
		{"T02", sla.MetricResolution, 1, sla.StateMet, sla.PriorityUrgent, 8 * h, 5*h + 30*m, at(2024, 4, 9, 9, 0), at(2024, 4, 8, 15, 0)},
		{"T03", sla.MetricFirstResponse, 1, sla.StateMet, sla.PriorityNormal, 4 * h, 3*h + 30*m, at(2024, 4, 26, 10, 30), at(2024, 4, 26, 10, 0)},
		{"T03", sla.MetricResolution, 1, sla.StateMet, sla.PriorityNormal, 22*h + 30*m, 13*h + 30*m, at(2024, 5, 2, 9, 30), at(2024, 4, 30, 16, 30)},
		{"T04", sla.MetricFirstResponse, 1, sla.StateBreached, sla.PriorityHigh, 2 * h, 2*h + 15*m, at(2024, 5, 13, 14, 30), at(2024, 5, 13, 14, 45)},
		{"T04", sla.MetricNextReply, 1, sla.StateMet, sla.PriorityHigh, 4 * h, 3*h + 30*m, at(2024, 5, 14, 11, 30), at(2024, 5, 14, 11, 0)},
		{"T04", sla.MetricNextReply, 2, sla.StateMet, sla.PriorityHigh, 4 * h, 4 * h, at(2024, 5, 15, 9, 0), at(2024, 5, 15, 9, 0)},
		{"T04", sla.MetricResolution, 1, sla.StateBreached, sla.PriorityHigh, 15 * h, 21 * h, at(2024, 5, 15, 11, 30), at(2024, 5, 16, 10, 0)},
		{"T05", sla.MetricFirstResponse, 1, sla.StateMet, sla.PriorityHigh, 4 * h, 3 * h, at(2024, 6, 4, 11, 0), at(2024, 6, 4, 10, 0)},
		{"T05", sla.MetricResolution, 1, sla.StateBreached, sla.PriorityHigh, 16 * h, 17 * h, at(2024, 6, 5, 15, 0), at(2024, 6, 5, 16, 0)},
		{"T06", sla.MetricFirstResponse, 1, sla.StateMet, sla.PriorityNormal, 8 * h, 7*h + 30*m, at(2024, 6, 26, 10, 0), at(2024, 6, 26, 9, 30)},
		// 5 days of initech-hours: Tue 7h, Wed, Thu, Mon, Tue 8h each, Wed 1h = 40h;
		// elapsed at the solve, Thu 4 Jul 12:00: 40h + Wed 7h + Thu 3h = 50h.
		{"T06", sla.MetricResolution, 1, sla.StateBreached, sla.PriorityNormal, 40 * h, 50 * h, at(2024, 7, 3, 10, 0), at(2024, 7, 4, 12, 0)},
		// Thu 3h + Mon 7h30 + Tue 4h30 = 15h.
		{"T07", sla.MetricFirstResponse, 1, sla.StateMet, sla.PriorityLow, 15 * h, 3 * h, at(2024, 7, 2, 14, 0), at(2024, 6, 28, 10, 0)},
		{"T08", sla.MetricFirstResponse, 1, sla.StateBreached, sla.PriorityHigh, 2 * h, 3 * h, at(2024, 6, 27, 10, 0), at(2024, 6, 27, 10, 30)},
		{"T08", sla.MetricResolution, 1, sla.StateMet, sla.PriorityHigh, 15 * h, 8*h + 30*m, at(2024, 7, 1, 16, 0), at(2024, 6, 28, 12, 0)},
		// Mon 7h + Tue 1h = 8h: due Tue 16 Apr 09:30.
		{"T09", sla.MetricFirstResponse, 1, sla.StateMet, sla.PriorityNormal, 8 * h, 3*h + 30*m, at(2024, 4, 16, 9, 30), at(2024, 4, 15, 13, 30)},
		// 5 days of 7h30 = 37h30 from Mon 09:00: due Mon 22 Apr 09:00.
		{"T09", sla.MetricResolution, 1, sla.StateMet, sla.PriorityNormal, 37*h + 30*m, 8*h + 30*m, at(2024, 4, 22, 9, 0), at(2024, 4, 16, 10, 0)},
		{"T09", sla.MetricResolution, 2, sla.StateBreached, sla.PriorityNormal, 37*h + 30*m, 44 * h, at(2024, 4, 26, 10, 0), at(2024, 4, 29, 9, 0)},
		{"T10", sla.MetricFirstResponse, 1, sla.StateMet, sla.PriorityUrgent, 1 * h, 40 * m, at(2024, 5, 21, 17, 30), at(2024, 5, 21, 17, 10)},
		{"T10", sla.MetricResolution, 1, sla.StateMet, sla.PriorityUrgent, 8 * h, 6*h + 30*m, at(2024, 5, 23, 11, 0), at(2024, 5, 23, 9, 30)},
		{"T11", sla.MetricFirstResponse, 1, sla.StateMet, sla.PriorityHigh, 2 * h, 20 * m, at(2024, 6, 14, 11, 0), at(2024, 6, 14, 9, 20)},
		{"T11", sla.MetricNextReply, 1, sla.StateBreached, sla.PriorityHigh, 4 * h, 102 * h, at(2024, 6, 17, 11, 30), time.Time{}},
		{"T11", sla.MetricResolution, 1, sla.StateBreached, sla.PriorityHigh, 15 * h, 108 * h, at(2024, 6, 18, 9, 0), time.Time{}},
		// Opened on a holiday: the 4h run from Mon 1 Jul 08:30, due 13:30.
		{"T12", sla.MetricFirstResponse, 1, sla.StateMet, sla.PriorityNormal, 4 * h, 0, at(2024, 7, 1, 13, 30), at(2024, 6, 29, 10, 0)},
		// 3 business days from Fri 28 Jun 10:00 (a holiday): the clock
		// would start Mon 1 Jul 08:30, so the target runs to the close of
		// Wed 3 Jul: 22h30. Paused with nothing elapsed, its Due is 22h30
		// from the evaluation instant, Fri 5 Jul 12:00 (lunch): Fri
		// 13:00-17:00 4h, Mon 8 and Tue 9 Jul 7h30 each, Wed 10 Jul
		// 08:30-12:00 3h30: due Wed 10 Jul 12:00, a close.
		{"T12", sla.MetricResolution, 1, sla.StatePaused, sla.PriorityNormal, 22*h + 30*m, 0, at(2024, 7, 10, 12, 0), time.Time{}},
	}
	var got []cyc
	for _, r := range evalFixture(t) {
		for _, mr := range r.Metrics {
			for _, c := range mr.Cycles {
				if c.State == sla.StateNotApplicable {
					continue
				}
				due := c.Due
				if c.State == sla.StateBreached {
					due = c.BreachedAt()
					if !c.Due.Equal(c.BreachedAt()) {
						t.Errorf("%s %v %d: Due %v != BreachedAt %v", r.Ticket, c.Metric, c.N, c.Due, c.BreachedAt())
					}
				}
				got = append(got, cyc{r.Ticket, c.Metric, c.N, c.State, c.Priority, c.Target, c.Elapsed, due, c.End})
			}
		}
	}
	if d := cmp.Diff(got, want); d != "" {
		t.Errorf("cycles (-got +want):\n%s", d)
	}
}

// TestFixtureWallTime checks the wall-time column across the DST change.
func TestFixtureWallTime(t *testing.T) {
	rs := evalFixture(t)
	fr, _ := rs[0].Metric(sla.MetricFirstResponse).Last()
	// Fri 5 Apr 16:00 NZDT (03:00 UTC) to Mon 8 Apr 09:30 NZST (21:30 UTC
	// Sun): 2 days 18h30 = 66h30.
	if want := 66*time.Hour + 30*time.Minute; fr.Wall != want {
		t.Errorf("T01 first response Wall = %v, want %v", fr.Wall, want)
	}
	res, _ := rs[9].Metric(sla.MetricResolution).Last()
	// T10: paused from Tue 21 May 17:10 to Wed 22 May 11:00.
	if want := 17*time.Hour + 50*time.Minute; res.Paused != want {
		t.Errorf("T10 resolution Paused = %v, want %v", res.Paused, want)
	}
}

// TestFixtureReport checks the Q2 report, grouped by account, tier,
// priority and metric, against the hand computation.
//
// Counted cycles (the outcome in Q2), with their achieved (Elapsed) times:
//
//	acme t1 urgent first:    T02 breached, ended 1h15
//	acme t1 urgent resol.:   T02 met 5h30
//	acme t1 high first:      T01 met 2h, T08 breached (ended 3h), T11 met 20m
//	acme t1 high next:       T11 breached, still open
//	acme t1 high resol.:     T01 met 11h, T08 met 8h30, T11 breached, still open
//	globex t1 urgent first:  T10 met 40m
//	globex t1 urgent resol.: T10 met 6h30
//	globex t1 high first:    T04 breached, ended 2h15
//	globex t1 high next:     T04 met 3h30 and met 4h
//	globex t1 high resol.:   T04 breached, ended 21h
//	globex t1 normal first:  T03 met 3h30, T12 met 0s
//	globex t1 normal resol.: T03 met 13h30 (T12 is paused: not counted)
//	initech t2 high first:   T05 met 3h
//	initech t2 high resol.:  T05 breached, ended 17h
//	initech t2 normal first: T06 met 7h30 (T06's resolution breached in July)
//	umbrella t3 normal first:  T09 met 3h30
//	umbrella t3 normal resol.: T09 met 8h30, T09 cycle 2 breached, ended 44h
//	umbrella t3 low first:     T07 met 3h
//
// Compliance is met/(met+breached), in hundredths of a percent rounded
// half up: 2/3 = 66.666...% = 66.67%. Nearest-rank percentiles, rank
// ⌈p·n/100⌉: for n=1 both are the value; for n=2 the median is the 1st and
// P90 the 2nd; for n=3 the median is the 2nd, P90 the 3rd.
func TestFixtureReport(t *testing.T) {
	rs := evalFixture(t)
	rep, err := sla.Compliance(stream(rs), q2(t), sla.Grouping{Account: true, Tier: true, Priority: true})
	if err != nil {
		t.Fatal(err)
	}
	at := func(y int, mo time.Month, d, h, mi int) time.Time { return nzt(t, y, mo, d, h, mi) }
	h, m := time.Hour, time.Minute
	pct := func(p int64) sla.Percent { return sla.Percent(p) }
	type row = sla.Row
	type br = sla.Breach
	want := []row{
		{Account: "acme", Tier: 1, Priority: sla.PriorityUrgent, Metric: sla.MetricFirstResponse,
			Tickets: 1, Met: 0, Breached: 1, Compliance: 0, Achieved: 1, Median: 75 * m, P90: 75 * m,
			Breaches: []br{{Ticket: "T02", Account: "acme", Tier: 1, Priority: sla.PriorityUrgent, Metric: sla.MetricFirstResponse, Cycle: 1,
				BreachedAt: time.Date(2024, 4, 6, 14, 30, 0, 0, time.UTC), Target: h, Elapsed: 75 * m,
				End: time.Date(2024, 4, 6, 14, 45, 0, 0, time.UTC)}}},
		{Account: "acme", Tier: 1, Priority: sla.PriorityUrgent, Metric: sla.MetricResolution,
			Tickets: 1, Met: 1, Compliance: pct(10000), Achieved: 1, Median: 5*h + 30*m, P90: 5*h + 30*m},
		// Achieved sorted: 20m, 2h, 3h. Median rank ⌈1.5⌉ = 2: 2h; P90 rank ⌈2.7⌉ = 3: 3h.
		{Account: "acme", Tier: 1, Priority: sla.PriorityHigh, Metric: sla.MetricFirstResponse,
			Tickets: 3, Met: 2, Breached: 1, Compliance: pct(6667), Achieved: 3, Median: 2 * h, P90: 3 * h,
			Breaches: []br{{Ticket: "T08", Account: "acme", Tier: 1, Priority: sla.PriorityHigh, Metric: sla.MetricFirstResponse, Cycle: 1,
				BreachedAt: at(2024, 6, 27, 10, 0), Target: 2 * h, Elapsed: 3 * h, End: at(2024, 6, 27, 10, 30)}}},
		{Account: "acme", Tier: 1, Priority: sla.PriorityHigh, Metric: sla.MetricNextReply,
			Tickets: 1, Breached: 1, Compliance: 0, Achieved: 0,
			Breaches: []br{{Ticket: "T11", Account: "acme", Tier: 1, Priority: sla.PriorityHigh, Metric: sla.MetricNextReply, Cycle: 1,
				BreachedAt: at(2024, 6, 17, 11, 30), Target: 4 * h, Elapsed: 102 * h}}},
		// Achieved sorted: 8h30, 11h. Median rank 1: 8h30; P90 rank ⌈1.8⌉ = 2: 11h.
		{Account: "acme", Tier: 1, Priority: sla.PriorityHigh, Metric: sla.MetricResolution,
			Tickets: 3, Met: 2, Breached: 1, Compliance: pct(6667), Achieved: 2, Median: 8*h + 30*m, P90: 11 * h,
			Breaches: []br{{Ticket: "T11", Account: "acme", Tier: 1, Priority: sla.PriorityHigh, Metric: sla.MetricResolution, Cycle: 1,
				BreachedAt: at(2024, 6, 18, 9, 0), Target: 15 * h, Elapsed: 108 * h}}},
		{Account: "globex", Tier: 1, Priority: sla.PriorityUrgent, Metric: sla.MetricFirstResponse,
			Tickets: 1, Met: 1, Compliance: pct(10000), Achieved: 1, Median: 40 * m, P90: 40 * m},
		{Account: "globex", Tier: 1, Priority: sla.PriorityUrgent, Metric: sla.MetricResolution,
			Tickets: 1, Met: 1, Compliance: pct(10000), Achieved: 1, Median: 6*h + 30*m, P90: 6*h + 30*m},
		{Account: "globex", Tier: 1, Priority: sla.PriorityHigh, Metric: sla.MetricFirstResponse,
			Tickets: 1, Breached: 1, Compliance: 0, Achieved: 1, Median: 2*h + 15*m, P90: 2*h + 15*m,
			Breaches: []br{{Ticket: "T04", Account: "globex", Tier: 1, Priority: sla.PriorityHigh, Metric: sla.MetricFirstResponse, Cycle: 1,
				BreachedAt: at(2024, 5, 13, 14, 30), Target: 2 * h, Elapsed: 2*h + 15*m, End: at(2024, 5, 13, 14, 45)}}},
		// One ticket, two cycles: 3h30, 4h.
		{Account: "globex", Tier: 1, Priority: sla.PriorityHigh, Metric: sla.MetricNextReply,
			Tickets: 1, Met: 2, Compliance: pct(10000), Achieved: 2, Median: 3*h + 30*m, P90: 4 * h},
		{Account: "globex", Tier: 1, Priority: sla.PriorityHigh, Metric: sla.MetricResolution,
			Tickets: 1, Breached: 1, Compliance: 0, Achieved: 1, Median: 21 * h, P90: 21 * h,
			Breaches: []br{{Ticket: "T04", Account: "globex", Tier: 1, Priority: sla.PriorityHigh, Metric: sla.MetricResolution, Cycle: 1,
				BreachedAt: at(2024, 5, 15, 11, 30), Target: 15 * h, Elapsed: 21 * h, End: at(2024, 5, 16, 10, 0)}}},
		// Achieved sorted: 0s, 3h30.
		{Account: "globex", Tier: 1, Priority: sla.PriorityNormal, Metric: sla.MetricFirstResponse,
			Tickets: 2, Met: 2, Compliance: pct(10000), Achieved: 2, Median: 0, P90: 3*h + 30*m},
		{Account: "globex", Tier: 1, Priority: sla.PriorityNormal, Metric: sla.MetricResolution,
			Tickets: 1, Met: 1, Compliance: pct(10000), Achieved: 1, Median: 13*h + 30*m, P90: 13*h + 30*m},
		{Account: "initech", Tier: 2, Priority: sla.PriorityHigh, Metric: sla.MetricFirstResponse,
			Tickets: 1, Met: 1, Compliance: pct(10000), Achieved: 1, Median: 3 * h, P90: 3 * h},
		{Account: "initech", Tier: 2, Priority: sla.PriorityHigh, Metric: sla.MetricResolution,
			Tickets: 1, Breached: 1, Compliance: 0, Achieved: 1, Median: 17 * h, P90: 17 * h,
			Breaches: []br{{Ticket: "T05", Account: "initech", Tier: 2, Priority: sla.PriorityHigh, Metric: sla.MetricResolution, Cycle: 1,
				BreachedAt: at(2024, 6, 5, 15, 0), Target: 16 * h, Elapsed: 17 * h, End: at(2024, 6, 5, 16, 0)}}},
		{Account: "initech", Tier: 2, Priority: sla.PriorityNormal, Metric: sla.MetricFirstResponse,
			Tickets: 1, Met: 1, Compliance: pct(10000), Achieved: 1, Median: 7*h + 30*m, P90: 7*h + 30*m},
		{Account: "umbrella", Tier: 3, Priority: sla.PriorityNormal, Metric: sla.MetricFirstResponse,
			Tickets: 1, Met: 1, Compliance: pct(10000), Achieved: 1, Median: 3*h + 30*m, P90: 3*h + 30*m},
		// 1 met of 2: 50.00%. Achieved sorted: 8h30, 44h.
		{Account: "umbrella", Tier: 3, Priority: sla.PriorityNormal, Metric: sla.MetricResolution,
			Tickets: 1, Met: 1, Breached: 1, Compliance: pct(5000), Achieved: 2, Median: 8*h + 30*m, P90: 44 * h,
			Breaches: []br{{Ticket: "T09", Account: "umbrella", Tier: 3, Priority: sla.PriorityNormal, Metric: sla.MetricResolution, Cycle: 2,
				BreachedAt: at(2024, 4, 26, 10, 0), Target: 37*h + 30*m, Elapsed: 44 * h, End: at(2024, 4, 29, 9, 0)}}},
		{Account: "umbrella", Tier: 3, Priority: sla.PriorityLow, Metric: sla.MetricFirstResponse,
			Tickets: 1, Met: 1, Compliance: pct(10000), Achieved: 1, Median: 3 * h, P90: 3 * h},
	}
	if d := cmp.Diff(rep.Rows, want); d != "" {
		t.Errorf("rows (-got +want):\n%s", d)
	}
}

// TestFixtureReportByMetric checks the same period with one row per
// metric.
//
//	first response: 12 tickets, 9 met, 3 breached (T02, T04, T08): 75.00%.
//	  Achieved, sorted (n=12): 0s (T12), 20m (T11), 40m (T10), 1h15 (T02),
//	  2h (T01), 2h15 (T04), 3h (T05), 3h (T07), 3h (T08), 3h30 (T03),
//	  3h30 (T09), 7h30 (T06). Median rank ⌈6⌉ = 6: 2h15.
//	  P90 rank ⌈10.8⌉ = 11: 3h30.
//	next reply: T04's two met cycles and T11's open breach: 2 tickets,
//	  2 met, 1 breached: 66.67%. Achieved 3h30, 4h: median 3h30, P90 4h.
//	resolution: 9 tickets (T01-T05, T08-T11; T06 breached in July, T07
//	  has no target, T12 is paused); met T01, T02, T03, T08, T09/1, T10 = 6;
//	  breached T04, T05, T09/2, T11 = 4: 60.00%. Achieved (T11 is still
//	  open), sorted (n=9): 5h30, 6h30, 8h30, 8h30, 11h, 13h30, 17h, 21h,
//	  44h. Median rank ⌈4.5⌉ = 5: 11h. P90 rank ⌈8.1⌉ = 9: 44h.
func TestFixtureReportByMetric(t *testing.T) {
	rs := evalFixture(t)
	// The order of the results does not matter.
	slices.Reverse(rs)
	rep, err := sla.Compliance(stream(rs), q2(t), sla.Grouping{})
	if err != nil {
		t.Fatal(err)
	}
	h, m := time.Hour, time.Minute
	type sum struct {
		Metric                           sla.Metric
		Tickets, Met, Breached, Achieved int
		Compliance                       sla.Percent
		Median, P90                      time.Duration
		Breaches                         []string
	}
	want := []sum{
		{sla.MetricFirstResponse, 12, 9, 3, 12, 7500, 2*h + 15*m, 3*h + 30*m, []string{"T02", "T04", "T08"}},
		{sla.MetricNextReply, 2, 2, 1, 2, 6667, 3*h + 30*m, 4 * h, []string{"T11"}},
		{sla.MetricResolution, 9, 6, 4, 9, 6000, 11 * h, 44 * h, []string{"T09", "T04", "T05", "T11"}},
	}
	var got []sum
	for _, r := range rep.Rows {
		if r.Account != "" || r.Tier != 0 || r.Priority != 0 {
			t.Errorf("ungrouped row has a group: %+v", r)
		}
		s := sum{r.Metric, r.Tickets, r.Met, r.Breached, r.Achieved, r.Compliance, r.Median, r.P90, nil}
		for _, b := range r.Breaches { // in order of BreachedAt
			s.Breaches = append(s.Breaches, b.Ticket)
		}
		got = append(got, s)
	}
	if d := cmp.Diff(got, want); d != "" {
		t.Errorf("rows (-got +want):\n%s", d)
	}
}

func TestComplianceErrors(t *testing.T) {
	rs := evalFixture(t)
	period := account.FieldError{Record: "Argument", Field: "period", Err: sla.ErrInvalid}
	for _, p := range []sla.Period{{From: q2(t).To, To: q2(t).From}, {}, {From: q2(t).From}, {To: q2(t).To}, {From: q2(t).From, To: q2(t).From}} {
		_, err := sla.Compliance(stream(rs), p, sla.Grouping{})
		if d := cmp.Diff(fieldError(t, err), period, ignoreText); d != "" {
			t.Errorf("period %v: (-got +want):\n%s", p, d)
		}
	}
	twice := append(slices.Clone(rs), rs[3])
	_, err := sla.Compliance(stream(twice), q2(t), sla.Grouping{})
	if d := cmp.Diff(fieldError(t, err), account.FieldError{Record: "Result", ID: rs[3].Ticket, Field: "Ticket", Err: sla.ErrDuplicateTicket}, ignoreText); d != "" {
		t.Errorf("duplicate ticket (-got +want):\n%s", d)
	}
	if !errors.Is(err, sla.ErrInvalid) {
		t.Errorf("duplicate ticket: %v does not wrap ErrInvalid", err)
	}
	// An error from the stream stops the report, and is returned.
	failed := errors.New("store failed")
	var read int
	_, err = sla.Compliance(func(yield func(sla.Result, error) bool) {
		for i, r := range rs {
			read++
			e := error(nil)
			if i == 2 {
				e = failed
			}
			if !yield(r, e) {
				return
			}
		}
	}, q2(t), sla.Grouping{})
	if !errors.Is(err, failed) || read != 3 {
		t.Errorf("stream error: got %v after %d results, want %v after 3", err, read, failed)
	} else if got, want := err.Error(), "sla: compliance: result 2: store failed"; got != want {
		t.Errorf("stream error: got %q, want %q", got, want)
	}
	rep, err := sla.Compliance(stream([]sla.Result(nil)), q2(t), sla.Grouping{})
	if err != nil || len(rep.Rows) != 0 {
		t.Errorf("no results: got %v, %v; want no rows", rep.Rows, err)
	}
}

func TestNearestRankPercentiles(t *testing.T) {
	// One metric, one group, n tickets met after 1h, 2h, ..., n h.
	ev := newEvaluator(t, sla.Policies{{Name: "all", Targets: []sla.Target{
		{Metric: sla.MetricFirstResponse, Priority: sla.PriorityNormal, Measure: sla.MeasureWallTime, Within: 1000 * time.Hour},
	}}}, fixtureCalendars(t))
	start := nzt(t, 2024, time.March, 4, 9, 0)
	for _, tc := range []struct {
		n           int
		median, p90 time.Duration
	}{
		{1, 1, 1}, {2, 1, 2}, {3, 2, 3}, {4, 2, 4}, {9, 5, 9}, {10, 5, 9}, {11, 6, 10}, {20, 10, 18}, {21, 11, 19},
	} {
		var rs []sla.Result
		for i := 1; i <= tc.n; i++ {
			r, err := ev.Evaluate(sla.Timeline{Ticket: "T" + itoa(i), Account: "a", Events: []sla.Event{
				{At: start, Kind: sla.EventOpened, Priority: sla.PriorityNormal},
				{At: start.Add(time.Duration(i) * time.Hour), Kind: sla.EventAgentReply},
			}}, start.Add(1000*time.Hour))
			if err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
		}
		rep, err := sla.Compliance(stream(rs), sla.Period{From: start, To: start.Add(1000 * time.Hour)}, sla.Grouping{})
		if err != nil {
			t.Fatal(err)
		}
		row := rep.Rows[0]
		if row.Median != tc.median*time.Hour || row.P90 != tc.p90*time.Hour || row.Achieved != tc.n {
			t.Errorf("n=%d: median %v, P90 %v, achieved %d; want %vh, %vh, %d", tc.n, row.Median, row.P90, row.Achieved, int(tc.median), int(tc.p90), tc.n)
		}
	}
}
