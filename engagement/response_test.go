package engagement_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
)

func validResponse() engagement.Response {
	return engagement.Response{ID: "r-1", Account: "acme", Contact: "c-1", At: t0, Kind: engagement.ResponseNPS, Score: 9,
		Channel: engagement.SurveyChannelEmail, Comment: "quick and friendly"}
}

// fields returns the fields named by the FieldErrors in err, failing t
// unless every error in it is one wrapping ErrInvalid.
func fields(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	if !errors.Is(err, engagement.ErrInvalid) {
		t.Errorf("error %v does not wrap ErrInvalid", err)
	}
	var out []string
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		var fe *account.FieldError
		if !errors.As(err, &fe) {
			t.Errorf("error %v is not a FieldError", err)
			return
		}
		if fe.Record != "Response" {
			t.Errorf("FieldError %v: Record %q, want Response", fe, fe.Record)
		}
		out = append(out, fe.Field)
	}
	walk(err)
	return out
}

func TestResponseValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*engagement.Response)
		want   []string
	}{
		{"valid", func(*engagement.Response) {}, nil},
		{"anonymous", func(r *engagement.Response) { r.Contact = "" }, nil},
		{"no comment", func(r *engagement.Response) { r.Comment = "" }, nil},
		{"unspecified channel", func(r *engagement.Response) { r.Channel = engagement.SurveyChannelUnspecified }, nil},
		{"last channel", func(r *engagement.Response) { r.Channel = engagement.SurveyChannelInPerson }, nil},
		{"unknown channel", func(r *engagement.Response) { r.Channel = engagement.SurveyChannelInPerson + 1 }, []string{"Channel"}},
		{"NPS 0", func(r *engagement.Response) { r.Score = 0 }, nil},
		{"NPS 10", func(r *engagement.Response) { r.Score = 10 }, nil},
		{"NPS -1", func(r *engagement.Response) { r.Score = -1 }, []string{"Score"}},
		{"NPS 11", func(r *engagement.Response) { r.Score = 11 }, []string{"Score"}},
		{"CSAT 1", func(r *engagement.Response) { r.Kind, r.Score = engagement.ResponseCSAT, 1 }, nil},
		{"CSAT 5", func(r *engagement.Response) { r.Kind, r.Score = engagement.ResponseCSAT, 5 }, nil},
		{"CSAT 0", func(r *engagement.Response) { r.Kind, r.Score = engagement.ResponseCSAT, 0 }, []string{"Score"}},
		{"CSAT 6", func(r *engagement.Response) { r.Kind, r.Score = engagement.ResponseCSAT, 6 }, []string{"Score"}},
		{"effort 1", func(r *engagement.Response) { r.Kind, r.Score = engagement.ResponseEffort, 1 }, nil},
		{"effort 7", func(r *engagement.Response) { r.Kind, r.Score = engagement.ResponseEffort, 7 }, nil},
		{"effort 0", func(r *engagement.Response) { r.Kind, r.Score = engagement.ResponseEffort, 0 }, []string{"Score"}},
		{"effort 8", func(r *engagement.Response) { r.Kind, r.Score = engagement.ResponseEffort, 8 }, []string{"Score"}},
		{"no kind", func(r *engagement.Response) { r.Kind = 0 }, []string{"Kind"}},
		{"unknown kind", func(r *engagement.Response) { r.Kind = engagement.ResponseEffort + 1 }, []string{"Kind"}},
		{"comment at the limit", func(r *engagement.Response) { r.Comment = strings.Repeat("é", engagement.MaxCommentLen/2) }, nil},
		{"comment too long", func(r *engagement.Response) { r.Comment = strings.Repeat("x", engagement.MaxCommentLen+1) }, []string{"Comment"}},
		{"comment not UTF-8", func(r *engagement.Response) { r.Comment = "caf\xe9" }, []string{"Comment"}},
		{"no ID", func(r *engagement.Response) { r.ID = "" }, []string{"ID"}},
		{"ID with space", func(r *engagement.Response) { r.ID = " r" }, []string{"ID"}},
		{"no account", func(r *engagement.Response) { r.Account = "" }, []string{"Account"}},
		{"bad contact", func(r *engagement.Response) { r.Contact = "c\n1" }, []string{"Contact"}},
		{"no time", func(r *engagement.Response) { r.At = time.Time{} }, []string{"At"}},
		{"everything", func(r *engagement.Response) { *r = engagement.Response{Channel: 99, Comment: "\xff"} },
			[]string{"ID", "Account", "At", "Kind", "Channel", "Comment"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := validResponse()
			tt.change(&r)
			if diff := cmp.Diff(fields(t, r.Validate()), tt.want); diff != "" {
				t.Errorf("fields at fault (-got +want):\n%s", diff)
			}
		})
	}
}

func TestResponseErrorText(t *testing.T) {
	r := validResponse()
	r.Kind, r.Score = engagement.ResponseCSAT, 7
	want := `engagement: invalid input: Response "r-1": Score 7: must be from 1 to 5 for csat`
	if err := r.Validate(); err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

func TestResponseEnums(t *testing.T) {
	type enum interface {
		String() string
		MarshalText() ([]byte, error)
	}
	tests := []struct {
		v    enum
		want string
	}{
		{engagement.ResponseNPS, "nps"}, {engagement.ResponseCSAT, "csat"}, {engagement.ResponseEffort, "effort"},
		{engagement.ResponseKind(0), "%!ResponseKind(0)"},
		{engagement.SurveyChannelUnspecified, "unspecified"}, {engagement.SurveyChannelInApp, "in-app"},
		{engagement.SurveyChannel(42), "%!SurveyChannel(42)"},
		{engagement.WeightingResponse, "response"}, {engagement.WeightingAccount, "account"}, {engagement.WeightingValue, "value"},
		{engagement.Weighting(3), "%!Weighting(3)"},
		{engagement.TrendUnknown, "unknown"}, {engagement.TrendNoise, "within noise"}, {engagement.TrendUp, "up"},
		{engagement.TrendDown, "down"}, {engagement.TrendFlat, "flat"}, {engagement.Trend(5), "%!Trend(5)"},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.want {
			t.Errorf("%T(%v).String() = %q, want %q", tt.v, tt.v, got, tt.want)
		}
		text, err := tt.v.MarshalText()
		if strings.HasSuffix(tt.want, "(0)") {
			// The zero value, unset, is the empty text.
			if err != nil || len(text) != 0 {
				t.Errorf("%T %q: MarshalText() = %q, %v; want the empty text", tt.v, tt.want, text, err)
			}
			continue
		}
		if strings.HasPrefix(tt.want, "%!") {
			if !errors.Is(err, engagement.ErrInvalid) {
				t.Errorf("%T %q: MarshalText error = %v, want ErrInvalid", tt.v, tt.want, err)
			}
			continue
		}
		if err != nil || string(text) != tt.want {
			t.Errorf("%T: MarshalText = %q, %v; want %q", tt.v, text, err, tt.want)
		}
	}
	// Round trips through JSON, and unknown names.
	type all struct {
		K engagement.ResponseKind
		C engagement.SurveyChannel
		W engagement.Weighting
		T engagement.Trend
	}
	in := all{engagement.ResponseEffort, engagement.SurveyChannelSMS, engagement.WeightingValue, engagement.TrendNoise}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(data) != `{"K":"effort","C":"sms","W":"value","T":"within noise"}` {
		t.Errorf("JSON = %s", data)
	}
	var out all
	if err := json.Unmarshal(data, &out); err != nil || out != in {
		t.Errorf("round trip = %+v, %v; want %+v", out, err, in)
	}
	for _, bad := range []string{`{"K":"NPS"}`, `{"C":"fax"}`, `{"W":""}`, `{"T":"sideways"}`} {
		if err := json.Unmarshal([]byte(bad), &out); !errors.Is(err, engagement.ErrInvalid) {
			t.Errorf("Unmarshal(%s) error = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestResponseFilter(t *testing.T) {
	r := validResponse()
	tests := []struct {
		f    engagement.ResponseFilter
		want bool
	}{
		{engagement.ResponseFilter{}, true},
		{engagement.ResponseFilter{Account: "acme"}, true},
		{engagement.ResponseFilter{Account: "globex"}, false},
		{engagement.ResponseFilter{From: t0}, true},
		{engagement.ResponseFilter{From: t0.Add(1)}, false},
		{engagement.ResponseFilter{To: t0}, false},
		{engagement.ResponseFilter{To: t0.Add(1)}, true},
		{engagement.ResponseFilter{Kind: engagement.ResponseNPS}, true},
		{engagement.ResponseFilter{Kind: engagement.ResponseCSAT}, false},
	}
	for _, tt := range tests {
		if got := tt.f.Match(r); got != tt.want {
			t.Errorf("%+v.Match = %v, want %v", tt.f, got, tt.want)
		}
	}
}

func TestAppendScore(t *testing.T) {
	var b engagement.ResponseBatch
	tests := []struct {
		id    account.ID
		at    time.Time
		k     engagement.ResponseKind
		score int
		field string
	}{
		{"acme", t0, engagement.ResponseNPS, 0, ""},
		{"acme", t0, engagement.ResponseNPS, 10, ""},
		{"acme", t0, engagement.ResponseCSAT, 1, ""},
		{"acme", t0, engagement.ResponseEffort, 7, ""},
		{"acme", t0, engagement.ResponseNPS, -1, "Score"},
		{"acme", t0, engagement.ResponseNPS, 11, "Score"},
		{"acme", t0, engagement.ResponseCSAT, 0, "Score"},
		{"acme", t0, engagement.ResponseCSAT, 6, "Score"},
		{"acme", t0, engagement.ResponseEffort, 0, "Score"},
		{"acme", t0, engagement.ResponseEffort, 8, "Score"},
		{"acme", t0, 0, 1, "Kind"},
		{"acme", t0, 4, 1, "Kind"},
		{"", t0, engagement.ResponseNPS, 1, "Account"},
		{"acme ", t0, engagement.ResponseNPS, 1, "Account"},
		{"acme", time.Time{}, engagement.ResponseNPS, 1, "At"},
		{"acme", time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC), engagement.ResponseNPS, 1, "At"},
		{"acme", time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC), engagement.ResponseNPS, 1, "At"},
	}
	ok := 0
	for _, tt := range tests {
		err := b.AppendScore(tt.id, tt.at, tt.k, tt.score)
		var fe *account.FieldError
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("AppendScore(%q, %v, %v, %d) = %v, want nil", tt.id, tt.at, tt.k, tt.score, err)
		case tt.field == "":
			ok++
		case !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) || fe.Field != tt.field:
			t.Errorf("AppendScore(%q, %v, %v, %d) = %v, want a FieldError for %s", tt.id, tt.at, tt.k, tt.score, err, tt.field)
		}
	}
	if b.Len() != ok {
		t.Errorf("Len = %d, want %d", b.Len(), ok)
	}
	r := validResponse()
	r.Score = 12
	if err := b.Append(r); !errors.Is(err, engagement.ErrInvalid) || b.Len() != ok {
		t.Errorf("Append of an invalid response = %v, Len %d; want ErrInvalid, Len %d", err, b.Len(), ok)
	}
	r = validResponse()
	r.At = time.Date(2300, 1, 1, 0, 0, 0, 0, time.UTC)
	if err := b.Append(r); !errors.Is(err, engagement.ErrInvalid) || b.Len() != ok {
		t.Errorf("Append at 2300 = %v, Len %d; want ErrInvalid, Len %d", err, b.Len(), ok)
	}
}

// FuzzResponseJSON decodes a response from JSON, validates it and reports
// on it: no input panics; an invalid response is rejected with
// FieldErrors wrapping ErrInvalid; a valid one survives a round trip
// through JSON and is counted.
func FuzzResponseJSON(f *testing.F) {
	for _, s := range []string{
		`{"ID":"r-1","Account":"acme","Contact":"c-1","At":"2026-03-01T10:00:00Z","Kind":"nps","Score":9,"Channel":"email","Comment":"great"}`,
		`{"ID":"r-2","Account":"acme","At":"2026-03-01T10:00:00+13:00","Kind":"csat","Score":5}`,
		`{"ID":"r-3","Account":"acme","At":"2026-03-01T10:00:00Z","Kind":"effort","Score":8}`,
		`{"ID":"","Account":"","Kind":"nps","Score":-1,"Comment":"\udcff"}`,
		`{"ID":"r","Account":"a","At":"1500-01-01T00:00:00Z","Kind":"nps","Score":0}`,
		`{"Kind":"fax"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var r engagement.Response
		if json.Unmarshal(data, &r) != nil {
			return
		}
		if err := r.Validate(); err != nil {
			fields(t, err)
			return
		}
		out, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("Marshal of a valid response: %v", err)
		}
		var back engagement.Response
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("Unmarshal of %s: %v", out, err)
		}
		if diff := cmp.Diff(back, r); diff != "" {
			t.Fatalf("round trip (-got +want):\n%s", diff)
		}
		var b engagement.ResponseBatch
		if err := b.Append(r); err != nil {
			if r.At.Year() > 1677 && r.At.Year() < 2262 {
				t.Fatalf("Append of a valid response at %v: %v", r.At, err)
			}
			return
		}
		rep, err := engagement.SatisfactionBatch(&b, []account.Account{{ID: r.Account}}, engagement.SatisfactionOptions{})
		if err != nil || len(rep.Rows) != 1 || rep.Rows[0].NPS.Responses+rep.Rows[0].CSAT.Responses+rep.Rows[0].Effort.Responses != 1 {
			t.Fatalf("report on one response = %+v, %v", rep, err)
		}
	})
}

// Grow makes room without changing what the batch holds.
func TestBatchGrow(t *testing.T) {
	var b engagement.ResponseBatch
	accts := make([]account.Account, 40)
	for i := range accts {
		accts[i] = account.Account{ID: account.ID(fmt.Sprint("a", i))}
		if err := b.AppendScore(accts[i].ID, t0, engagement.ResponseCSAT, 1+i%5); err != nil {
			t.Fatal(err)
		}
	}
	before, err := engagement.SatisfactionBatch(&b, accts, engagement.SatisfactionOptions{By: engagement.Grouping{Account: true}})
	if err != nil {
		t.Fatal(err)
	}
	b.Grow(1000)
	b.Grow(10) // already room
	if b.Len() != 40 {
		t.Errorf("Len after Grow = %d, want 40", b.Len())
	}
	after, err := engagement.SatisfactionBatch(&b, accts, engagement.SatisfactionOptions{By: engagement.Grouping{Account: true}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(after, before, estOpts...); diff != "" {
		t.Errorf("report after Grow (-after +before):\n%s", diff)
	}
	// 32 accounts spread their rows over the shards evenly: after Grow,
	// appending reallocates no column.
	ids := make([]account.ID, 32)
	for i := range ids {
		ids[i] = account.ID(fmt.Sprint("acct-", i))
	}
	fill := func(grow bool) float64 {
		return testing.AllocsPerRun(1, func() {
			var g engagement.ResponseBatch
			if grow {
				g.Grow(3200)
			}
			for i := range 3200 {
				_ = g.AppendScore(ids[i%32], t0, engagement.ResponseNPS, i%11)
			}
		})
	}
	with, without := fill(true), fill(false)
	if with > without/2 {
		t.Errorf("%v allocations appending after Grow, %v without: Grow made no room", with, without)
	}
}
