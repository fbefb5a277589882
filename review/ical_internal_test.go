package review

import (
	"bufio"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"
)

func TestUTCOffset(t *testing.T) {
	for sec, want := range map[int]string{0: "+0000", 3600: "+0100", -19800: "-0530", 20700: "+0545", -37: "-000037", 12*3600 + 45*60 + 30: "+124530"} {
		if got := utcOffset(sec); got != want {
			t.Errorf("utcOffset(%d) = %q, want %q", sec, got, want)
		}
	}
}

// A zone that never changed offset has one observance from 1970.
func TestTimezoneFixed(t *testing.T) {
	loc, err := time.LoadLocation("Etc/GMT+5")
	if err != nil {
		t.Skip(err)
	}
	tz := timezone(loc, time.Date(2026, 1, 1, 0, 0, 0, 0, loc), time.Date(2027, 1, 1, 0, 0, 0, 0, loc))
	if len(tz.Children) != 1 {
		t.Fatalf("%d observances", len(tz.Children))
	}
	o := tz.Children[0]
	got := o.Name + " " + o.Props.Get(ical.PropDateTimeStart).Value + " " + o.Props.Get(ical.PropTimezoneOffsetFrom).Value + " " + o.Props.Get(ical.PropTimezoneOffsetTo).Value
	if want := "STANDARD 19700101T000000 -0500 -0500"; got != want {
		t.Errorf("observance %q, want %q", got, want)
	}
}

// Lines fold at 75 octets, continuation lines start with a space, and a
// UTF-8 sequence is never cut.
func TestFoldWriter(t *testing.T) {
	var b strings.Builder
	w := bufio.NewWriter(&b)
	line := "DESCRIPTION:" + strings.Repeat("é", 100) + "\r\n"
	if _, err := (&foldWriter{w: w}).Write([]byte(line)); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	parts := strings.Split(strings.TrimSuffix(b.String(), "\r\n"), "\r\n")
	var joined string
	for i, p := range parts {
		if len(p) > 75 {
			t.Errorf("part %d is %d octets", i, len(p))
		}
		if i > 0 {
			if p[0] != ' ' {
				t.Errorf("part %d does not start with a space", i)
			}
			p = p[1:]
		}
		if !strings.HasPrefix(p, "DESCRIPTION") && !strings.HasPrefix(p, "é") {
			t.Errorf("part %d starts within a character: %q", i, p[:2])
		}
		joined += p
	}
	if joined+"\r\n" != line {
		t.Errorf("unfolded %q", joined)
	}
	if len(parts) < 3 {
		t.Errorf("%d parts", len(parts))
	}
}

// A line of 75 octets stays whole; one of 76 folds, and a continuation of
// 74 octets after its space stays whole too.
func TestFoldWriterEdges(t *testing.T) {
	fold := func(line string) string {
		var b strings.Builder
		w := bufio.NewWriter(&b)
		if _, err := (&foldWriter{w: w}).Write([]byte(line + "\r\n")); err != nil {
			t.Fatal(err)
		}
		w.Flush()
		return b.String()
	}
	l75 := strings.Repeat("a", 75)
	if got := fold(l75); got != l75+"\r\n" {
		t.Errorf("75 octets folded: %q", got)
	}
	if got, want := fold(l75+"b"), l75+"\r\n b\r\n"; got != want {
		t.Errorf("76 octets: %q, want %q", got, want)
	}
	l74 := strings.Repeat("c", 74)
	if got, want := fold(l75+l74), l75+"\r\n "+l74+"\r\n"; got != want {
		t.Errorf("75+74 octets: %q, want %q", got, want)
	}
	if got, want := fold(l75+l74+"d"), l75+"\r\n "+l74+"\r\n d\r\n"; got != want {
		t.Errorf("75+75 octets: %q, want %q", got, want)
	}
}
