package review_test

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
)

var stamp = time.Date(2026, 1, 2, 8, 0, 0, 0, time.UTC)

// exported is what an export says of a meeting, read back.
type exported struct {
	UID, Summary, Description string
	Start, End                time.Time
	Sequence                  int
	Organizer                 string
	Attendees                 []string // "role email"
}

func parseICS(t *testing.T, b []byte) (*ical.Calendar, map[string]exported) {
	t.Helper()
	cal, err := ical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatalf("the export does not parse: %v\n%s", err, b)
	}
	out := map[string]exported{}
	for _, e := range cal.Events() {
		var x exported
		x.UID, _ = e.Props.Text(ical.PropUID)
		x.Summary, _ = e.Props.Text(ical.PropSummary)
		x.Description, _ = e.Props.Text(ical.PropDescription)
		if x.Start, err = e.DateTimeStart(nil); err != nil {
			t.Fatal(err)
		}
		if x.End, err = e.DateTimeEnd(nil); err != nil {
			t.Fatal(err)
		}
		if x.Sequence, err = e.Props.Get(ical.PropSequence).Int(); err != nil {
			t.Fatal(err)
		}
		x.Organizer = e.Props.Get(ical.PropOrganizer).Value
		for _, a := range e.Props.Values(ical.PropAttendee) {
			x.Attendees = append(x.Attendees, a.Params.Get("X-KEYACCOUNT-ROLE")+" "+strings.TrimPrefix(a.Value, "mailto:"))
		}
		if _, dup := out[x.UID]; dup {
			t.Fatalf("UID %s twice", x.UID)
		}
		out[x.UID] = x
	}
	return cal, out
}

func want(m review.Meeting, domain string) exported {
	x := exported{
		UID:     "review-" + m.ID + "@" + domain,
		Summary: "Account review: " + m.Name,
		Description: "Account: " + m.Name + " (" + string(m.Account) + ")\nReview " + strconv.Itoa(m.N) +
			", due " + m.Due.String() + "\nAgenda: " + m.Agenda,
		Start: m.Start, End: m.End, Sequence: m.Sequence,
	}
	for _, a := range m.Attendees {
		x.Attendees = append(x.Attendees, a.Role.String()+" "+a.Email)
		if a.Role == review.RoleManager {
			x.Organizer = "mailto:" + a.Email
		}
	}
	return x
}

// The export parses back to the schedule's meetings: one event each, at
// the same instants, with their attendees, account and agenda, and a
// VTIMEZONE for the zone.
func TestWriteICSRoundTrip(t *testing.T) {
	subjects := portfolio(6, 2, tiering.Months(3))
	subjects[0].Agenda = "Renewal; pricing, and the \"platinum\" plan\nthen the roadmap"
	subjects[1].Attendees[0].Name = "Ana Müller, Key Accounts"
	s, err := review.ScheduleReviews(baseRequest(t, subjects))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := review.WriteICS(&b, s, review.ICSOptions{Stamp: stamp, Domain: "crm.example.com"}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.SplitAfter(b.String(), "\r\n") {
		if len(line) > 77 {
			t.Errorf("line longer than 75 octets: %q", line)
		}
	}
	cal, got := parseICS(t, b.Bytes())
	wantAll := map[string]exported{}
	for _, m := range s.Meetings {
		wantAll["review-"+m.ID+"@crm.example.com"] = want(m, "crm.example.com")
	}
	if diff := cmp.Diff(wantAll, got); diff != "" {
		t.Errorf("export read back (-want +got):\n%s", diff)
	}
	var zones []string
	for _, c := range cal.Children {
		if c.Name == ical.CompTimezone {
			id, _ := c.Props.Text(ical.PropTimezoneID)
			zones = append(zones, id)
			var kinds []string
			for _, o := range c.Children {
				kinds = append(kinds, o.Name+" "+o.Props.Get(ical.PropTimezoneOffsetFrom).Value+" "+o.Props.Get(ical.PropTimezoneOffsetTo).Value+" "+o.Props.Get(ical.PropDateTimeStart).Value)
			}
			// The meetings run from January to October 2026, before
			// 25 October: GMT from 26 October 2025, BST from 29 March.
			wantKinds := []string{"STANDARD +0100 +0000 20251026T020000", "DAYLIGHT +0000 +0100 20260329T010000"}
			if diff := cmp.Diff(wantKinds, kinds); diff != "" {
				t.Errorf("VTIMEZONE observances (-want +got):\n%s", diff)
			}
		}
	}
	if diff := cmp.Diff([]string{"Europe/London"}, zones); diff != "" {
		t.Errorf("VTIMEZONEs (-want +got):\n%s", diff)
	}
	if !strings.Contains(b.String(), "DTSTART;TZID=Europe/London:") {
		t.Errorf("DTSTART without TZID:\n%s", b.String())
	}
}

// A moved meeting keeps its UID, and its SEQUENCE grows, so that a
// calendar that imported the first export updates the event.
func TestWriteICSMovedMeeting(t *testing.T) {
	s, err := review.ScheduleReviews(baseRequest(t, portfolio(3, 1, tiering.Days(90))))
	if err != nil {
		t.Fatal(err)
	}
	var before, after bytes.Buffer
	if err := review.WriteICS(&before, s, review.ICSOptions{Stamp: stamp}); err != nil {
		t.Fatal(err)
	}
	m := s.Meetings[1]
	moved := m.Start.Add(49 * time.Hour)
	if err := s.Move(m.ID, moved); err != nil {
		t.Fatal(err)
	}
	if err := review.WriteICS(&after, s, review.ICSOptions{Stamp: stamp.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	_, old := parseICS(t, before.Bytes())
	_, got := parseICS(t, after.Bytes())
	if len(got) != len(old) {
		t.Fatalf("%d events after the move, %d before", len(got), len(old))
	}
	uid := "review-" + m.ID + "@keyaccount.invalid"
	x, ok := got[uid]
	if !ok {
		t.Fatalf("UID %s gone after the move", uid)
	}
	if x.Sequence != old[uid].Sequence+1 || !x.Start.Equal(moved) || !x.End.Equal(moved.Add(m.End.Sub(m.Start))) {
		t.Errorf("moved event: sequence %d (was %d), %v-%v, want %v", x.Sequence, old[uid].Sequence, x.Start, x.End, moved)
	}
	for id, e := range old {
		if id != uid && !cmp.Equal(e, got[id]) {
			t.Errorf("event %s changed though not moved", id)
		}
	}
	if err := s.Move(m.ID, moved.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Meeting(m.ID); got.Sequence != 2 {
		t.Errorf("sequence after two moves = %d", got.Sequence)
	}
}

func TestWriteICSErrors(t *testing.T) {
	s, err := review.ScheduleReviews(baseRequest(t, portfolio(1, 1, tiering.Days(90))))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	checkField(t, review.WriteICS(&b, s, review.ICSOptions{}), "ICSOptions", "Stamp")
	checkField(t, review.WriteICS(&b, &review.Schedule{Zone: "UTC"}, review.ICSOptions{Stamp: stamp}), "Schedule", "Meetings")
	checkField(t, review.WriteICS(&b, nil, review.ICSOptions{Stamp: stamp}), "Schedule", "Meetings")
	bad := *s
	bad.Zone = "Mars/Olympus_Mons"
	checkField(t, review.WriteICS(&b, &bad, review.ICSOptions{Stamp: stamp}), "Schedule", "Zone")
	if b.Len() != 0 {
		t.Errorf("wrote %d bytes before failing", b.Len())
	}
	sink := errors.New("disk full")
	if err := review.WriteICS(failingWriter{sink}, s, review.ICSOptions{Stamp: stamp}); !errors.Is(err, sink) {
		t.Errorf("writer error: %v", err)
	}
	checkField(t, s.Move("nope/1", stamp), "Schedule", "Meetings")
	if err := s.Move("nope/1", stamp); !errors.Is(err, review.ErrUnknownMeeting) {
		t.Errorf("Move of an unknown meeting: %v", err)
	}
	checkField(t, s.Move(s.Meetings[0].ID, time.Time{}), "Schedule", "Start")
}

// A UTC schedule needs no VTIMEZONE: its times are UTC.
func TestWriteICSUTC(t *testing.T) {
	s, err := review.ScheduleReviews(baseRequest(t, portfolio(1, 1, tiering.Days(90))))
	if err != nil {
		t.Fatal(err)
	}
	s.Zone = "UTC"
	var b bytes.Buffer
	if err := review.WriteICS(&b, s, review.ICSOptions{Stamp: stamp, ProdID: "-//test//EN"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "VTIMEZONE") || !strings.Contains(b.String(), "PRODID:-//test//EN") {
		t.Errorf("UTC export:\n%s", b.String())
	}
	_, got := parseICS(t, b.Bytes())
	for _, m := range s.Meetings {
		if x := got["review-"+m.ID+"@keyaccount.invalid"]; !x.Start.Equal(m.Start) {
			t.Errorf("%s starts %v, want %v", m.ID, x.Start, m.Start)
		}
	}
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }
