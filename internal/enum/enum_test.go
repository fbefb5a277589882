package enum_test

import (
	"errors"
	"fmt"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/internal/fault"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/internal/enum"
)

// Mood is signed, with a negative value and a gap, as account.Attitude and
// tiering.Trend are.
type Mood int8

const (
	Gloomy Mood = -1
	Calm   Mood = 0
	Sunny  Mood = 1
	Elated Mood = 3 // 2 has no name
)

var moods = enum.New("Mood", map[Mood]string{Gloomy: "gloomy", Calm: "calm", Sunny: "sunny", Elated: "elated"})

// Step is unsigned with no name for its zero value, as sla.Metric is.
type Step uint8

var steps = enum.New("Step", map[Step]string{1: "first", 2: "second"})

func TestString(t *testing.T) {
	for _, tc := range []struct {
		v    Mood
		want string
	}{
		{Gloomy, "gloomy"},
		{Calm, "calm"},
		{Sunny, "sunny"},
		{2, "%!Mood(2)"},
		{Elated, "elated"},
		{-2, "%!Mood(-2)"},
		{4, "%!Mood(4)"},
		{-128, "%!Mood(-128)"},
		{127, "%!Mood(127)"},
	} {
		if got := moods.String(tc.v); got != tc.want {
			t.Errorf("String(%d) = %q, want %q", tc.v, got, tc.want)
		}
	}
	for v, want := range map[Step]string{0: "%!Step(0)", 1: "first", 2: "second", 3: "%!Step(3)", 255: "%!Step(255)"} {
		if got := steps.String(v); got != want {
			t.Errorf("String(%d) = %q, want %q", v, got, want)
		}
	}
}

func TestNameAndValid(t *testing.T) {
	type result struct {
		Name  string
		OK    bool
		Valid bool
	}
	var got []result
	for v := Mood(-2); v <= 4; v++ {
		name, ok := moods.Name(v)
		got = append(got, result{name, ok, moods.Valid(v)})
	}
	want := []result{
		{"", false, false},
		{"gloomy", true, true},
		{"calm", true, true},
		{"sunny", true, true},
		{"", false, false},
		{"elated", true, true},
		{"", false, false},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Name and Valid for -2..4 (-got +want):\n%s", diff)
	}
}

func TestValue(t *testing.T) {
	type result struct {
		V  Mood
		OK bool
	}
	got := map[string]result{}
	for _, name := range []string{"gloomy", "calm", "sunny", "elated", "", "Calm", "calm ", "%!Mood(2)", "unknown"} {
		v, ok := moods.Value(name)
		got[name] = result{v, ok}
	}
	want := map[string]result{
		"gloomy": {Gloomy, true}, "calm": {Calm, true}, "sunny": {Sunny, true}, "elated": {Elated, true},
		"": {}, "Calm": {}, "calm ": {}, "%!Mood(2)": {}, "unknown": {},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("Value (-got +want):\n%s", diff)
	}
}

func TestListAndType(t *testing.T) {
	if got, want := moods.List(), `"gloomy", "calm", "sunny", "elated"`; got != want {
		t.Errorf("List() = %s, want %s", got, want)
	}
	if got, want := steps.List(), `"first", "second"`; got != want {
		t.Errorf("List() = %s, want %s", got, want)
	}
	if got := moods.Type(); got != "Mood" {
		t.Errorf("Type() = %q, want Mood", got)
	}
}

func TestNewPanicsOnBadTable(t *testing.T) {
	for name, tc := range map[string]struct {
		typ   string
		names map[Step]string
		want  string
	}{
		"no type":    {"", map[Step]string{1: "a"}, "enum: New: empty type name"},
		"no names":   {"Step", nil, "enum: New: Step has no names"},
		"empty name": {"Step", map[Step]string{1: "a", 2: ""}, "enum: New: Step(2) has an empty name"},
		"same name":  {"Step", map[Step]string{4: "a", 1: "a", 2: "b"}, `enum: New: Step(1) and Step(4) are both named "a"`},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if got := recover(); got != tc.want {
					t.Errorf("panic %v, want %q", got, tc.want)
				}
			}()
			enum.New(tc.typ, tc.names)
		})
	}
}

func TestNewDoesNotKeepTheMap(t *testing.T) {
	m := map[Step]string{1: "first"}
	tab := enum.New("Step", m)
	m[1], m[2] = "changed", "added"
	if got := tab.String(1) + " " + tab.String(2); got != "first %!Step(2)" {
		t.Errorf("after changing the map: %q", got)
	}
}

// Every value of the type either has the name the map gives it, is found
// by that name and listed in value order, or prints as "%!Type(v)".
func TestTableMatchesMap(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		values := rapid.SliceOfNDistinct(rapid.Int8(), 1, 20, rapid.ID).Draw(t, "values")
		words := rapid.SliceOfNDistinct(rapid.StringMatching(`[a-z]{1,3}`), len(values), len(values), rapid.ID).Draw(t, "names")
		names := map[int8]string{}
		for i, v := range values {
			names[v] = words[i]
		}
		tab := enum.New("T", names)
		var list []string
		for i := -128; i <= 127; i++ {
			v := int8(i)
			want, known := names[v]
			got, ok := tab.Name(v)
			if ok != known || got != want || tab.Valid(v) != known {
				t.Fatalf("Name(%d) = %q, %v; want %q, %v", v, got, ok, want, known)
			}
			if !known {
				if s := tab.String(v); s != "%!T("+strconv.Itoa(i)+")" {
					t.Fatalf("String(%d) = %q", v, s)
				}
				continue
			}
			if s := tab.String(v); s != want {
				t.Fatalf("String(%d) = %q, want %q", v, s, want)
			}
			if back, ok := tab.Value(want); !ok || back != v {
				t.Fatalf("Value(%q) = %d, %v; want %d", want, back, ok, v)
			}
			list = append(list, strconv.Quote(want))
		}
		if got, want := tab.List(), strings.Join(list, ", "); got != want {
			t.Fatalf("List() = %s, want %s", got, want)
		}
	})
}

func TestStringDoesNotAllocate(t *testing.T) {
	var sink string
	if n := testing.AllocsPerRun(100, func() { sink = moods.String(Elated) }); n != 0 {
		t.Errorf("String of a known value: %v allocations, want 0", n)
	}
	_ = sink
}

func FuzzValue(f *testing.F) {
	for _, s := range []string{"gloomy", "calm", "", "Calm", "%!Mood(2)", "elated\x00"} {
		f.Add(s)
	}
	all := []string{"gloomy", "calm", "sunny", "elated"}
	f.Fuzz(func(t *testing.T, name string) {
		v, ok := moods.Value(name)
		if ok != slices.Contains(all, name) {
			t.Fatalf("Value(%q) ok = %v", name, ok)
		}
		if ok && moods.String(v) != name {
			t.Fatalf("Value(%q) = %d, whose name is %q", name, v, moods.String(v))
		}
		if !ok && v != 0 {
			t.Fatalf("Value(%q) = %d, not ok: want 0", name, v)
		}
	})
}

func BenchmarkString(b *testing.B) {
	var s string
	for b.Loop() {
		s = moods.String(Sunny)
	}
	_ = s
}

func BenchmarkValue(b *testing.B) {
	var v Mood
	for b.Loop() {
		v, _ = moods.Value("elated")
	}
	_ = v
}

// An enumeration's methods are thin wrappers over its table; the errors
// are the domain package's own.
func Example() {
	type Colour uint8
	const (
		Red Colour = iota + 1
		Green
	)
	colours := enum.New("Colour", map[Colour]string{Red: "red", Green: "green"})

	fmt.Println(colours.String(Green), colours.String(7))
	if _, ok := colours.Value("blue"); !ok {
		fmt.Printf("%q is not a known %s (one of %s)\n", "blue", colours.Type(), colours.List())
	}
	// Output:
	// green %!Colour(7)
	// "blue" is not a known Colour (one of "red", "green")
}

var errBad = errors.New("test: invalid input")

func TestMarshalText(t *testing.T) {
	for _, v := range []Mood{Gloomy, Calm, Sunny, Elated} {
		b, err := moods.MarshalText(v, errBad)
		if err != nil {
			t.Fatalf("MarshalText(%v): %v", v, err)
		}
		back, err := moods.UnmarshalText(b, errBad)
		if err != nil || back != v {
			t.Errorf("UnmarshalText(%q) = %v, %v; want %v", b, back, err, v)
		}
	}
	var fe *fault.FieldError
	_, err := moods.MarshalText(2, errBad)
	if !errors.Is(err, errBad) || !errors.As(err, &fe) {
		t.Fatalf("MarshalText(2) error = %v, want a FieldError wrapping the sentinel", err)
	}
	want := fault.FieldError{Record: "Mood", Value: 2, Reason: "is not a known Mood", Err: errBad}
	if diff := cmp.Diff(*fe, want, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("MarshalText(2) error (-got +want):\n%s", diff)
	}
	for _, text := range []string{"", "Sunny", "rainy", strings.Repeat("r", 1<<20)} {
		v, err := moods.UnmarshalText([]byte(text), errBad)
		if !errors.Is(err, errBad) || !errors.As(err, &fe) || v != 0 {
			t.Fatalf("UnmarshalText(%.10q) = %v, %v; want a FieldError", text, v, err)
		}
		if fe.Record != "Mood" || !strings.Contains(fe.Reason, `"gloomy", "calm", "sunny", "elated"`) {
			t.Errorf("UnmarshalText(%.10q) error %+v does not list the names", text, fe)
		}
		if len(err.Error()) > 300 {
			t.Errorf("UnmarshalText of %d bytes gives a %d-byte error", len(text), len(err.Error()))
		}
	}
}

// TestZeroWithoutName checks the one exception of MarshalText and
// UnmarshalText: an enumeration whose zero value has no name (most of the
// module's: sla.Priority, engagement.Severity) writes the zero value, "not
// set", as the empty text and reads the empty text back as zero, so that a
// record with an unset field still marshals; every other unnamed value
// stays an error, and a table that names zero (moods, above) does not
// accept the empty text.
func TestZeroWithoutName(t *testing.T) {
	type Colour uint8
	colours := enum.New("Colour", map[Colour]string{1: "red", 2: "green"})
	b, err := colours.MarshalText(0, errBad)
	if err != nil || b == nil || len(b) != 0 {
		t.Errorf("MarshalText(0) = %q (nil %v), %v; want the empty text", b, b == nil, err)
	}
	v, err := colours.UnmarshalText([]byte{}, errBad)
	if err != nil || v != 0 {
		t.Errorf("UnmarshalText(\"\") = %v, %v; want 0", v, err)
	}
	for _, bad := range []Colour{3, 255} {
		if _, err := colours.MarshalText(bad, errBad); !errors.Is(err, errBad) {
			t.Errorf("MarshalText(%d) error = %v, want one wrapping the sentinel", bad, err)
		}
	}
	for _, text := range []string{" ", "Red", "0"} {
		if _, err := colours.UnmarshalText([]byte(text), errBad); !errors.Is(err, errBad) {
			t.Errorf("UnmarshalText(%q) error = %v, want one wrapping the sentinel", text, err)
		}
	}
}
