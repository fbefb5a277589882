package main

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/civil"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
)

// The CSV reader. The input is read as a stream in chunks of whole lines,
// and every chunk goes to all GOMAXPROCS workers. Each worker owns the
// lines whose first field hashes to it, so that each account's lines
// (normally) meet in one worker: it parses them into a reused
// segmentation.Ledger batch and adds that to its own Aggregator. The
// aggregators are merged at the end; the merge law makes the result
// independent of how lines were spread over workers (even if one account's
// ID is written in two ways, quoted and not). Splitting by account rather
// than by chunk keeps each worker's dictionary at its share of the
// accounts. Memory grows with the number of accounts, not the size of the
// file.
//
// The byte-level work is the command's own: it splits lines into fields,
// checks IDs and dates (day numbers from internal/civil) and parses the
// common amounts straight into units of the ledger's scale
// (segmentation.Ledger.Scale: cents for XXX), which it appends with
// Ledger.AppendUnits without building a Money; an amount with more
// decimals than that goes to the ledger exactly, as an account.Money. The
// dump (writeDump in main.go) is formatted here too, from the table's rows.

// currency is the currency the amounts are taken to be in: XXX, "no
// currency", since the file names none.
const currency account.Currency = "XXX"

// chunkSize is the size of the chunks the input is read in (a variable so
// that tests can make lines straddle chunks).
var chunkSize = 4 << 20

// A lineError is a malformed line.
type lineError struct {
	line int
	msg  string
}

func (e *lineError) Error() string { return "line " + strconv.Itoa(e.line) + ": " + e.msg }

// readResult is what reading the whole input gives.
type readResult struct {
	agg     *segmentation.Aggregator
	rows    int64      // well-formed data lines
	skipped int64      // malformed lines skipped under -skip-bad
	first   *lineError // the first malformed line
}

type chunk struct {
	seq       int
	firstLine int // line number of the chunk's first line
	data      []byte
	refs      *atomic.Int32 // workers still reading data
}

type worker struct {
	index   int // owns the lines whose first field hashes to index
	of      int // out of this many workers
	seed    maphash.Seed
	ledger  *segmentation.Ledger
	scale   int // the ledger's decimal places: parseUnits reads amounts to them
	agg     *segmentation.Aggregator
	rows    int64
	skipped int64
	firstSk *lineError // first skipped line of this worker (lowest seq)
	err     *lineError // first malformed line (without -skip-bad)
	errSeq  int
	fatal   error
	guard   *accountGuard
	months  [64]monthStart // see parseDate
}

// readCSV reads the header line and every data line of r into an
// Aggregator with options o, using workers goroutines. Without skipBad the
// first malformed line (in file order) is returned as a *lineError. More
// than maxAccounts distinct account IDs stop it with a *tooManyAccounts.
func readCSV(r io.Reader, o segmentation.Options, workers int, skipBad bool, maxAccounts int) (*readResult, error) {
	head, rest, err := readHeader(r)
	if err != nil {
		return nil, err
	}
	guard := &accountGuard{max: maxAccounts, seen: make([]atomic.Int64, workers)}
	ws := make([]*worker, workers)
	seed := maphash.MakeSeed()
	for i := range ws {
		l, err := segmentation.NewLedger(currency, account.TransactionRevenue)
		if err != nil {
			return nil, err
		}
		a, err := segmentation.NewAggregator(o)
		if err != nil {
			return nil, err
		}
		ws[i] = &worker{index: i, of: workers, seed: seed, ledger: l, scale: l.Scale(), agg: a, errSeq: -1, guard: guard}
	}
	chans := make([]chan chunk, workers)
	for i := range chans {
		chans[i] = make(chan chunk, 2)
	}
	free := make(chan []byte, 4)
	var stop sync.Once
	stopped := make(chan struct{})
	var errSeq atomic.Int64 // lowest chunk with a malformed line
	errSeq.Store(math.MaxInt64)
	halt := func(seq int) {
		for {
			old := errSeq.Load()
			if int64(seq) >= old || errSeq.CompareAndSwap(old, int64(seq)) {
				break
			}
		}
		stop.Do(func() { close(stopped) })
	}

	var wg sync.WaitGroup
	for i, w := range ws {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range chans[i] {
				// Chunks after one with an error need not be read: only
				// the first error in file order is reported.
				if int64(c.seq) <= errSeq.Load() {
					w.parse(c, skipBad)
					if w.err != nil && w.errSeq == c.seq || w.fatal != nil {
						halt(c.seq)
					}
				}
				if c.refs.Add(-1) == 0 {
					select {
					case free <- c.data[:0]:
					default:
					}
				}
			}
		}()
	}
	readErr := split(io.MultiReader(bytes.NewReader(head), rest), chans, free, stopped)
	for _, ch := range chans {
		close(ch)
	}
	wg.Wait()
	if readErr != nil {
		return nil, readErr
	}
	res := &readResult{}
	for _, w := range ws {
		if w.fatal != nil {
			return nil, w.fatal
		}
		for _, e := range []*lineError{w.err, w.firstSk} {
			if e != nil && (res.first == nil || e.line < res.first.line) {
				res.first = e
			}
		}
		res.rows += w.rows
		res.skipped += w.skipped
	}
	if res.first != nil && !skipBad {
		return nil, res.first
	}
	res.agg = ws[0].agg
	for _, w := range ws[1:] {
		if err := res.agg.Merge(w.agg); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// readHeader checks the header line. It returns the bytes read past it
// and the rest of r.
func readHeader(r io.Reader) (after []byte, rest io.Reader, err error) {
	buf := make([]byte, 0, 256)
	one := make([]byte, 256)
	for {
		if i := bytes.IndexByte(buf, '\n'); i >= 0 {
			if err := checkHeader(buf[:i]); err != nil {
				return nil, nil, err
			}
			return buf[i+1:], r, nil
		}
		if len(buf) > 4096 {
			return nil, nil, &lineError{1, "header line is too long"}
		}
		n, err := r.Read(one)
		buf = append(buf, one[:n]...)
		if err == io.EOF {
			if len(bytes.TrimSpace(buf)) == 0 {
				return nil, nil, &lineError{1, "no header: the input is empty"}
			}
			if err := checkHeader(buf); err != nil {
				return nil, nil, err
			}
			return nil, r, nil
		}
		if err != nil {
			return nil, nil, err
		}
	}
}

func checkHeader(h []byte) error {
	h = bytes.TrimPrefix(h, []byte("\xef\xbb\xbf")) // UTF-8 byte order mark
	h = bytes.TrimSuffix(h, []byte("\r"))
	switch string(h) {
	case "account_id,date,amount", "customer_id,date,amount":
		return nil
	}
	return &lineError{1, "header " + fault.Quote(string(h)) + ": want account_id,date,amount (or customer_id,date,amount)"}
}

// split reads r into chunks of whole lines.
func split(r io.Reader, out []chan chunk, free chan []byte, stopped <-chan struct{}) error {
	var carry []byte
	line := 2 // the header was line 1
	for seq := 0; ; seq++ {
		var buf []byte
		select {
		case buf = <-free:
		default:
			buf = make([]byte, 0, chunkSize)
		}
		buf = append(buf[:0], carry...)
		eof := false
		for {
			if len(buf) == cap(buf) {
				if bytes.LastIndexByte(buf, '\n') >= 0 {
					break
				}
				buf = slices.Grow(buf, cap(buf)) // a line longer than the buffer
			}
			n, err := r.Read(buf[len(buf):cap(buf)])
			buf = buf[:len(buf)+n]
			if err == io.EOF {
				eof = true
				break
			}
			if err != nil {
				return err
			}
		}
		cut := len(buf)
		if !eof {
			cut = bytes.LastIndexByte(buf, '\n') + 1
		}
		carry = append(carry[:0], buf[cut:]...)
		data := buf[:cut]
		if len(data) > 0 {
			c := chunk{seq: seq, firstLine: line, data: data, refs: new(atomic.Int32)}
			c.refs.Store(int32(len(out)))
			// After an error, stop before a new chunk; but a chunk goes to
			// every worker or to none, so that each line of the chunks read
			// is looked at by its owner (an earlier bad line may be in it).
			select {
			case <-stopped:
				return nil
			default:
			}
			for _, ch := range out {
				ch <- c
			}
			line += bytes.Count(data, []byte{'\n'})
		}
		if eof {
			return nil
		}
	}
}

// parse adds the lines of c to w's ledger, then the ledger to w's
// aggregator.
func (w *worker) parse(c chunk, skipBad bool) {
	data := c.data
	line := c.firstLine
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		var ln []byte
		if i < 0 {
			ln, data = data, nil
		} else {
			ln, data = data[:i], data[i+1:]
		}
		if w.of > 1 && w.owner(ln) != w.index {
			line++
			continue
		}
		if msg := w.addLine(ln); msg != "" {
			e := &lineError{line, msg}
			if !skipBad {
				if w.err == nil || c.seq < w.errSeq {
					w.err, w.errSeq = e, c.seq
				}
				break
			}
			w.skipped++
			if w.firstSk == nil || e.line < w.firstSk.line {
				w.firstSk = e
			}
		} else {
			w.rows++
		}
		line++
	}
	if err := w.agg.AddLedger(w.ledger); err != nil {
		w.fatal = err
	}
	w.ledger.Reset()
	if err := w.guard.check(w.index, w.ledger.Accounts()); err != nil && w.fatal == nil {
		w.fatal = err
	}
}

// An accountGuard stops the reading once the workers together have seen
// more than max distinct account IDs: memory grows with the accounts (BENCHMARKS.md
// has the figure), and a clear error is better than the runtime's abort
// when memory runs out. It is checked after each chunk, so reading may pass
// max by up to a chunk's lines before it stops; the error names max only,
// so that its text does not depend on how the workers were scheduled. An ID written in two ways
// (quoted and not) may count once in each of two workers.
type accountGuard struct {
	max  int
	seen []atomic.Int64 // distinct IDs seen by each worker
}

// check records that worker i has seen n distinct IDs, and returns a
// *tooManyAccounts if all the workers together have seen more than max.
func (g *accountGuard) check(i, n int) error {
	g.seen[i].Store(int64(n))
	var sum int64
	for j := range g.seen {
		sum += g.seen[j].Load()
	}
	if sum > int64(g.max) {
		return &tooManyAccounts{max: g.max}
	}
	return nil
}

// tooManyAccounts is the error of an input with more distinct account IDs
// than -max-accounts allows.
type tooManyAccounts struct {
	max int
}

func (e *tooManyAccounts) Error() string {
	return fmt.Sprintf("more than %d distinct account IDs: over the -max-accounts limit, which can be raised if memory allows", e.max)
}

// owner returns the worker that owns line ln: a hash of its first field
// as written (up to the first comma).
func (w *worker) owner(ln []byte) int {
	if i := bytes.IndexByte(ln, ','); i >= 0 {
		ln = ln[:i]
	}
	return int(maphash.Bytes(w.seed, ln) % uint64(w.of))
}

// addLine parses one data line into the ledger. It returns "" or what is
// wrong with the line.
func (w *worker) addLine(ln []byte) string {
	ln = bytes.TrimSuffix(ln, []byte{'\r'})
	id, date, amount, msg := fields(ln)
	if msg != "" {
		return msg
	}
	if msg := checkID(id); msg != "" {
		return msg
	}
	day, ok := w.parseDate(date)
	if !ok {
		return "date " + fault.Quote(string(date)) + ": want an ISO date such as 2024-02-29"
	}
	at := time.Unix(day*86400, 0).UTC()
	if units, ok := parseUnits(amount, w.scale); ok {
		// The conversion of id does not allocate: AppendUnits does not
		// keep the string, only its bytes.
		if err := w.ledger.AppendUnits(account.ID(id), at, units); err != nil {
			return err.Error()
		}
		return ""
	}
	// More decimals than the ledger's units hold (or a huge amount): the
	// ledger keeps it exactly, as a Money.
	d, msg := parseAmount(amount)
	if msg != "" {
		return msg
	}
	m, err := account.NewMoney(d, currency)
	if err != nil {
		return err.Error()
	}
	tx := account.Transaction{Account: account.ID(id), At: at, Amount: m, Kind: account.TransactionRevenue}
	if err := w.ledger.Append(tx); err != nil {
		return err.Error()
	}
	return ""
}

// fields splits a line into its three fields. A field may be quoted as in
// RFC 4180 ("a ""quoted"" id"), but not span lines.
func fields(ln []byte) (id, date, amount []byte, msg string) {
	if bytes.IndexByte(ln, '"') < 0 {
		a := bytes.IndexByte(ln, ',')
		if a < 0 {
			return nil, nil, nil, "want 3 fields (account_id,date,amount), found 1"
		}
		b := bytes.IndexByte(ln[a+1:], ',')
		if b < 0 {
			return nil, nil, nil, "want 3 fields (account_id,date,amount), found 2"
		}
		b += a + 1
		if bytes.IndexByte(ln[b+1:], ',') >= 0 {
			return nil, nil, nil, fmt.Sprintf("want 3 fields (account_id,date,amount), found %d", bytes.Count(ln, []byte{','})+1)
		}
		return ln[:a], ln[a+1 : b], ln[b+1:], ""
	}
	var fs [][]byte
	for {
		var f []byte
		if len(ln) > 0 && ln[0] == '"' {
			var b []byte
			i := 1
			for {
				if i >= len(ln) {
					return nil, nil, nil, "unterminated quoted field"
				}
				if ln[i] == '"' {
					if i+1 < len(ln) && ln[i+1] == '"' {
						b = append(b, '"')
						i += 2
						continue
					}
					i++
					break
				}
				b = append(b, ln[i])
				i++
			}
			f, ln = b, ln[i:]
			if len(ln) > 0 && ln[0] != ',' {
				return nil, nil, nil, "unexpected text after a quoted field"
			}
		} else {
			j := bytes.IndexByte(ln, ',')
			if j < 0 {
				j = len(ln)
			}
			f, ln = ln[:j], ln[j:]
			if bytes.IndexByte(f, '"') >= 0 {
				return nil, nil, nil, "quote inside an unquoted field"
			}
		}
		fs = append(fs, f)
		if len(ln) == 0 {
			break
		}
		ln = ln[1:] // the comma
	}
	if len(fs) != 3 {
		return nil, nil, nil, fmt.Sprintf("want 3 fields (account_id,date,amount), found %d", len(fs))
	}
	return fs[0], fs[1], fs[2], ""
}

// checkID returns "" if id is a valid account ID, or what is wrong with
// it. The rules are account.ID's: the common case, printable ASCII with no
// space at either end, is accepted here without allocating; anything else
// is judged by account.ID.Validate itself.
func checkID(id []byte) string {
	if n := len(id); n > 0 && n <= account.MaxIDLen && id[0] != ' ' && id[n-1] != ' ' {
		plain := true
		for _, c := range id {
			if c < 0x20 || c >= 0x7f {
				plain = false
				break
			}
		}
		if plain {
			return ""
		}
	}
	err := account.ID(string(id)).Validate()
	if err == nil {
		return ""
	}
	var fe *account.FieldError
	if errors.As(err, &fe) {
		return "account_id " + fault.Quote(string(id)) + " " + fe.Reason
	}
	return err.Error()
}

// parseDate parses YYYY-MM-DD into days since 1970-01-01. It accepts
// exactly the dates that calendar.ParseDate accepts (years 1 to 9999). The
// first day of each month comes from civil.Days through a small cache,
// since a file's dates fall in few months.
func (w *worker) parseDate(b []byte) (int64, bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return 0, false
	}
	n := func(s []byte) (int, bool) {
		v := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int(c-'0')
		}
		return v, true
	}
	y, ok1 := n(b[:4])
	m, ok2 := n(b[5:7])
	d, ok3 := n(b[8:10])
	if !ok1 || !ok2 || !ok3 || y < 1 || m < 1 || m > 12 || d < 1 {
		return 0, false
	}
	key := int32(y*12 + m)
	e := &w.months[key%int32(len(w.months))]
	if e.key != key {
		// Day 32 of the month counts on into the next (civil.Days), as
		// day 32-n of it for a month of n days.
		day := civil.Days(y, m, 1)
		_, _, next := civil.Date(day + 31)
		*e = monthStart{key: key, day: day, days: 32 - next}
	}
	if d > e.days {
		return 0, false
	}
	return e.day + int64(d) - 1, true
}

// monthStart caches the day number of the first day of a month and its
// length (key year·12 + month; 0 marks an empty entry, as no valid month
// has it).
type monthStart struct {
	key  int32
	days int
	day  int64
}

// parseUnits parses the common amount form, an optional sign, up to
// 18−scale integer digits (16 for cents) and up to scale decimals, into
// units of 10^-scale (hundredths, for a scale of 2). Any other amount is
// left to parseAmount.
func parseUnits(b []byte, scale int) (int64, bool) {
	neg := false
	if len(b) > 0 && (b[0] == '-' || b[0] == '+') {
		neg = b[0] == '-'
		b = b[1:]
	}
	var v int64
	i, digits := 0, 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		v = v*10 + int64(b[i]-'0')
		i++
		digits++
	}
	if digits == 0 || digits > 18-scale {
		return 0, false
	}
	frac := 0
	if i < len(b) {
		if b[i] != '.' {
			return 0, false
		}
		i++
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			if frac == scale {
				return 0, false
			}
			v = v*10 + int64(b[i]-'0')
			i++
			frac++
		}
		if frac == 0 || i != len(b) {
			return 0, false
		}
	}
	for ; frac < scale; frac++ {
		v *= 10
	}
	if neg {
		v = -v
	}
	return v, true
}

// parseAmount parses any plain decimal: an optional sign, digits, and
// optionally a point and more digits, at most 1,000 characters after the
// sign (so that the decimal library's super-linear parse stays cheap). No
// exponent, no separators.
func parseAmount(b []byte) (decimal.Decimal, string) {
	bad := func() (decimal.Decimal, string) {
		return decimal.Decimal{}, "amount " + fault.Quote(string(b)) + ": want a plain decimal such as 54.60"
	}
	s := b
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	intPart, frac, dot := bytes.Cut(s, []byte{'.'})
	if len(intPart) == 0 || dot && len(frac) == 0 || len(s) > 1000 {
		return bad()
	}
	for _, c := range append(intPart[:len(intPart):len(intPart)], frac...) {
		if c < '0' || c > '9' {
			return bad()
		}
	}
	d, err := decimal.NewFromString(string(b))
	if err != nil {
		return bad()
	}
	return d, ""
}
