package escalation_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
)

func validRecord() escalation.Record {
	at := time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC)
	return escalation.Record{Key: escalation.Key("T-1", "am", 0), Issue: "T-1", Account: "acme", Policy: "p", Version: 1,
		Level: 1, LevelName: "am", Repeat: 0, Recipients: []escalation.Person{"amy"}, Due: at, At: at}
}

// wantFieldError fails t unless err wraps ErrInvalid (and target) with a
// FieldError of record, id and field.
func wantValidateError(t *testing.T, what string, err, target error, record, id, field string) {
	t.Helper()
	var fe *account.FieldError
	if !errors.Is(err, escalation.ErrInvalid) || !errors.Is(err, target) || !errors.As(err, &fe) {
		t.Errorf("%s: error = %v, want a FieldError wrapping %v", what, err, target)
		return
	}
	if fe.Record != record || fe.ID != id || fe.Field != field {
		t.Errorf("%s: FieldError names %s %q field %q, want %s %q field %q", what, fe.Record, fe.ID, fe.Field, record, id, field)
	}
}

func TestRecordValidate(t *testing.T) {
	tests := []struct {
		field  string
		change func(*escalation.Record)
	}{
		{"", func(*escalation.Record) {}},
		{"", func(r *escalation.Record) { r.At = r.Due.Add(time.Nanosecond) }}, // At after Due: held
		{"", func(r *escalation.Record) { r.Repeat, r.Key = 3, escalation.Key("T-1", "am", 3) }},
		{"", func(r *escalation.Record) { r.Recipients = []escalation.Person{"amy", "tom"} }},
		{"Issue", func(r *escalation.Record) { r.Issue = "" }},
		{"Account", func(r *escalation.Record) { r.Account = "" }},
		{"LevelName", func(r *escalation.Record) { r.LevelName = "" }},
		{"Level", func(r *escalation.Record) { r.Level = 0 }},
		{"Level", func(r *escalation.Record) { r.Level = -1 }},
		{"Repeat", func(r *escalation.Record) { r.Repeat = -1 }},
		{"Key", func(r *escalation.Record) { r.Key = "" }},
		{"Key", func(r *escalation.Record) { r.Key = escalation.Key("T-1", "am", 1) }},
		{"Key", func(r *escalation.Record) { r.Key = escalation.Key("T-1", "tl", 0) }},
		{"Key", func(r *escalation.Record) { r.Key = escalation.Key("T-2", "am", 0) }},
		{"Due", func(r *escalation.Record) { r.Due = time.Time{} }},
		{"At", func(r *escalation.Record) { r.At = time.Time{} }},
		{"At", func(r *escalation.Record) { r.At = r.Due.Add(-time.Nanosecond) }},
		{"Recipients", func(r *escalation.Record) { r.Recipients = nil }},
		{"Recipients[1]", func(r *escalation.Record) { r.Recipients = []escalation.Person{"amy", ""} }},
		{"Recipients[0]", func(r *escalation.Record) { r.Recipients = []escalation.Person{""} }},
	}
	for _, tt := range tests {
		r := validRecord()
		tt.change(&r)
		err := r.Validate()
		if tt.field == "" {
			if err != nil {
				t.Errorf("Validate(%+v) = %v, want nil", r, err)
			}
			continue
		}
		wantValidateError(t, "record with a bad "+tt.field, err, escalation.ErrInvalid, "Record", r.Key, tt.field)
	}
	// The error of a bad key says which key was due.
	r := validRecord()
	r.Key = "x"
	if err := r.Validate(); err == nil || !strings.Contains(err.Error(), escalation.Key("T-1", "am", 0)) {
		t.Errorf("Validate of a bad key = %v, want an error naming the key %q", err, escalation.Key("T-1", "am", 0))
	}
}

func TestFactValidate(t *testing.T) {
	at := time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		field string
		fact  escalation.Fact
	}{
		{"", escalation.Fact{At: at, Kind: escalation.FactAcknowledged, Level: "am"}},
		{"", escalation.Fact{At: at, Kind: escalation.FactAcknowledged, Level: "am", Person: "amy"}},
		{"", escalation.Fact{At: at, Kind: escalation.FactRequested}},
		{"", escalation.Fact{ID: "r", At: at, Kind: escalation.FactReassigned, Person: "bob"}},
		{"At", escalation.Fact{ID: "f", Kind: escalation.FactRequested}},
		{"Kind", escalation.Fact{ID: "f", At: at}},
		{"Kind", escalation.Fact{ID: "f", At: at, Kind: escalation.FactReassigned + 1}},
		{"Level", escalation.Fact{ID: "f", At: at, Kind: escalation.FactAcknowledged}},
		{"Level", escalation.Fact{ID: "f", At: at, Kind: escalation.FactRequested, Level: "am"}},
		{"Level", escalation.Fact{ID: "f", At: at, Kind: escalation.FactReassigned, Level: "am", Person: "bob"}},
		{"Person", escalation.Fact{ID: "f", At: at, Kind: escalation.FactReassigned}},
		{"Person", escalation.Fact{ID: "f", At: at, Kind: escalation.FactRequested, Person: "bob"}},
	}
	for _, tt := range tests {
		err := tt.fact.Validate()
		if tt.field == "" {
			if err != nil {
				t.Errorf("Validate(%+v) = %v, want nil", tt.fact, err)
			}
			continue
		}
		wantValidateError(t, "fact with a bad "+tt.field, err, escalation.ErrInvalid, "Fact", tt.fact.ID, tt.field)
	}
}

// FuzzRecordValidate checks Validate on records read from outside (a
// store, a queue): it never panics, its errors stay short, and a record
// it accepts is one Decide accepts among the fired records of its issue.
func FuzzRecordValidate(f *testing.F) {
	f.Add("T-1", "am", 0, 1, "amy", int64(0), int64(0), "")
	f.Add("T-1", "am", 2, 3, "", int64(10), int64(5), "x")
	f.Add(strings.Repeat("i", 1<<16), "l", -1, 0, "p", int64(-1), int64(1), strings.Repeat("k", 1<<16))
	f.Fuzz(func(t *testing.T, issue, level string, repeat, lvl int, person string, due, at int64, key string) {
		base := time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC)
		if key == "" {
			key = escalation.Key(issue, level, repeat)
		}
		r := escalation.Record{Key: key, Issue: issue, Account: "acme", Level: lvl, LevelName: level, Repeat: repeat,
			Recipients: []escalation.Person{escalation.Person(person)}, Due: base.Add(time.Duration(due)), At: base.Add(time.Duration(at))}
		err := r.Validate()
		if err != nil {
			if !errors.Is(err, escalation.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			if n := len(err.Error()); n > 1000 {
				t.Fatalf("error is %d bytes long", n)
			}
			return
		}
		if r.Key != escalation.Key(r.Issue, r.LevelName, r.Repeat) || r.At.Before(r.Due) || r.Repeat < 0 || r.Level < 1 {
			t.Fatalf("Validate accepts %+v", r)
		}
	})
}
