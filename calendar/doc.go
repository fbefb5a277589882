// Package calendar provides business calendars: the working hours of a
// place in its time zone, its holidays and exceptions, how they change
// over time, and fast, exact business-time arithmetic on them.
//
// A service desk promises to answer in "4 business hours" or "2 business
// days". Those promises are measured on a [Calendar]:
//
//	nz, _ := calendar.Country("NZ")
//	hours, _ := calendar.ParseWindows("08:30-12:00, 13:00-17:00")
//	cal, err := calendar.New(calendar.Config{
//		Name: "nz-support",
//		Zone: "Pacific/Auckland",
//		Versions: []calendar.Version{{
//			Week:        calendar.MondayToFriday(hours...),
//			HolidaySets: []calendar.HolidaySet{nz},
//		}},
//	})
//	...
//	due, err := cal.Add(opened, 4*time.Hour)       // the deadline
//	used, err := cal.Duration(opened, now)          // business time elapsed
//
// The operations are [Calendar.IsWorking], [Calendar.NextWorking],
// [Calendar.Duration], [Calendar.Add] and [Calendar.AddBusinessDays] on instants,
// and [Calendar.IsWorkingDay], [Calendar.NextWorkingDay],
// [Calendar.PrevWorkingDay], [Calendar.AddWorkingDays],
// [Calendar.WorkingDays] and [Calendar.Day] on dates. [AlwaysOpen] gives a
// 24×7 calendar, on which business time is wall time (see "The 24×7
// calendar" below).
//
// # Working windows
//
// Each weekday has zero or more working [Window]s, such as 08:30–12:00 and
// 13:00–17:00. Times of day are civil times ([Clock]) in the calendar's
// zone, to the minute. A window is half-open, [open, close): its open is
// working time, its close is not. A window may close at 24:00, the end of
// its day.
//
// A clock started outside working hours starts at the next open. A
// deadline ([Calendar.Add]) that falls exactly on a close is that close,
// not the next open: 4 hours from 13:00 is 17:00 the same day. Adding a
// negative duration counts backwards, and a result exactly on an open is
// that open.
//
// # Overnight windows
//
// A window may cross midnight, such as a night shift from 22:00 to 06:00
// (set [Window.Overnight], or write "22:00-06:00"). It belongs to the day
// on which it opens: Monday's night shift runs into Tuesday morning, is
// skipped entirely if Monday is a holiday, and runs even if Tuesday is one.
// It counts towards Monday in the day-based methods. A window is shorter
// than 24 hours, and an overnight window must not overlap the next
// weekday's windows (validation refuses it).
//
// Where windows of neighbouring days overlap all the same (an override on
// Tuesday that opens before Monday's night shift closes, or a new version
// that starts while the old one's shift runs), the time is counted once:
// the later window starts when the earlier one closes.
//
// # Time zones and daylight saving time
//
// Every calendar has an IANA zone, and all time-of-day arithmetic is done
// in civil time in that zone, never as midnight plus a duration. Windows
// are turned into instants day by day, so a 09:00–17:00 window is 8 hours
// of business time on the day the clocks change too. Business time is
// elapsed time: a window that spans a change is as long as the clock
// actually runs in it (00:00–24:00 is 23 or 25 hours on those days).
//
// A window's open or close that names a civil time the change makes
// ambiguous or impossible means the first instant at which the wall clock
// reads that time or later:
//
//   - In a gap (clocks go forward, 02:00 becomes 03:00 in New York), a time
//     in the gap means the moment of the change. A window 01:00–04:00 on
//     that day is 2 hours; 02:30–03:30 is 30 minutes; a window inside the
//     gap is empty.
//   - In an overlap (clocks go back, 02:00 becomes 01:00), a repeated time
//     means its first occurrence. A window 01:00–02:00 on that day is 2
//     hours (from the first 01:00 until 02:00, which comes once).
//
// The rule is monotone, so a window never ends before it starts, and it is
// the same in every zone (unlike [time.Date], whose choice in a gap or
// overlap differs between zones). It is tested in Pacific/Auckland,
// Pacific/Chatham (+12:45/+13:45), Europe/London and America/New_York.
//
// # Holidays
//
// Holidays are whole civil days on which no window opens. They come from
// three sources, in a [Version]:
//
//   - explicit dates ([Holiday]);
//   - computed sets ([HolidaySet]): the public holidays of a country from
//     github.com/rickar/cal/v2, through [Country] ("NZ", "GB", "US",
//     "AU-NSW", ...) or [NewHolidayRules]. Their observed-date rules apply:
//     a holiday moved off a weekend closes the day it is observed on (see
//     [HolidayRules]);
//   - corrections and supplements this package ships where rickar/cal
//     applies today's rules to every year or lacks a holiday. New
//     Zealand's set follows the law in force each year: Waitangi Day and
//     ANZAC Day move off a weekend only from 2014, Christmas Day or New
//     Year's Day on a Sunday is observed on the Tuesday (the Monday being
//     Boxing Day or 2 January), Queen Elizabeth II Memorial Day 2022, and
//     Matariki ([Matariki]), whose dates the Te Kāhui o Matariki Public
//     Holiday Act 2022 fixes in a table to 2052; a year outside the table
//     is an error wrapping [ErrNoHolidayData], never a guess. Great
//     Britain's set has the one-off bank holidays since 1978. The
//     sovereign's birthday is named "Queen's Birthday" until 2022 and
//     "King's Birthday" from 2023. See [Country] for what each set covers.
//
// An [Override] replaces the windows of a single date: a partial-day
// closure (09:00–14:00 on Christmas Eve), a special opening (a Saturday),
// or a closed day. An override wins over holidays.
//
// # Effective dating
//
// A calendar is a list of [Version]s, each in force from its From date
// until the next version's. Each day is measured on the rules of its own
// day, so the history of a year-old ticket is measured on the hours that
// applied then, even after the hours have changed.
//
// # Tables and their range
//
// Business-time arithmetic uses tables of working intervals with
// cumulative sums, built lazily one civil year at a time, the first time
// the year is needed. [Calendar.Duration] and [Calendar.Add] are then binary
// searches: O(log n) in the number of windows of a year, plus one step per
// whole year crossed; they never loop over days or minutes.
//
// A day has at most [MaxWindows] (48) windows, so a year's table has a
// bounded size: about 3,100 bytes, plus 26 bytes for each window in the
// year: 1,378 bytes for each window of the [Week] (room for 53 weeks), and
// more where overrides add windows. An office open Monday to Friday 08:30–12:00 and
// 13:00–17:00 takes 16.9 KB a year; the busiest calendar allowed, 48
// windows every day, 466 KB. A Calendar keeps the tables it builds, up to
// 16 MiB: the whole range, 1900 to 2100, of a calendar with up to 58
// windows a week. Past that, building a year drops the tables of the years
// farthest from it; a dropped year is built again when it is next needed
// (asking its holiday sets again): about as long as two thousand queries
// for an office calendar, and about a millisecond for the busiest.
//
// A calendar answers for the years [MinYear] to [MaxYear], and from its
// first version's From (if set); the 24×7 calendar's methods on instants
// answer for more (see below). Outside that, and in a year for
// which a holiday set has no data, every method returns a [*DateError]
// naming the date, wrapping [ErrOutOfRange] or [ErrNoHolidayData]: never a
// wrong answer. A search for working time ([Calendar.NextWorking],
// [Calendar.Add], the working-day methods) gives up with [ErrNoWorkingTime]
// after the rest of its starting year and two more years without any, so a
// calendar with no working time is an error, not an endless loop. A
// result that would fall outside the range, for any duration or count
// (math.MinInt64 and math.MaxInt64 included), is a [*DateError] wrapping
// [ErrOutOfRange] that says in which direction; that includes a deadline
// exactly at the end of the range (the close of a window that runs to
// 24:00 on 31 December [MaxYear], or past it). So every instant or date a
// method returns is one the calendar answers for.
//
// # The 24×7 calendar
//
// [AlwaysOpen] gives a calendar open around the clock: every day one
// window from 00:00 to 24:00, with no holidays. The zero Calendar and a nil
// *Calendar are AlwaysOpen("UTC"). It is an ordinary calendar, and answers
// every query exactly as New does for the same week in the same zone: the
// day-based methods and [Calendar.AddBusinessDays] read its tables, so a
// day that the zone's clocks skip entirely (Samoa went from 29 to 31
// December 2011) has no working time and is not a working day.
//
// Its methods on instants ([Calendar.IsWorking], [Calendar.NextWorking],
// [Calendar.Duration], [Calendar.Add]) skip the tables: the windows of its
// days tile time, so business time is wall time, and those methods answer
// with time arithmetic. They give the tables' answer wherever the tables
// answer, and beyond the tables' range they answer for the years 1 to 9999
// in its zone, the dates a [Date] can name: the instants from the midnight
// that starts 0001-01-01 up to, not including, the midnight that starts
// 10000-01-01. An instant or a result outside them is a [*DateError]
// wrapping [ErrOutOfRange], and so is a [Calendar.Duration] longer than a
// [time.Duration] holds (about 292 years): never the saturated value of
// [time.Time.Sub], nor a date that [Date.IsValid] rejects. Its day-based
// methods, and [Calendar.AddBusinessDays], answer for the years [MinYear]
// to [MaxYear], like those of every calendar.
//
// # Concurrency
//
// A Calendar is safe for concurrent use by multiple goroutines: it is
// immutable once built, and its tables are built under a lock and
// published atomically; reads take no lock. A [HolidaySet] must therefore
// be safe for concurrent use too.
//
// # Errors
//
// Input that is not valid is a [*FieldError] wrapping [ErrInvalid]: the
// module's one field-error type, naming the record ("Config" and its Name
// for [Config.Validate] and [New]; "Date", "Clock", "Window", "Windows" or
// "Country" for the parse functions and [Country]), the field, the value
// and the reason. [Config.Validate] reports every fault it finds, joined:
// at most 100, then how many more there were; and a quoted value is cut to
// 64 bytes with its length, so an error stays short whatever the input. A
// date or instant the calendar cannot answer for is a [*DateError] naming
// the date, wrapping [ErrOutOfRange], [ErrNoHolidayData] or
// [ErrNoWorkingTime]. Test them with [errors.As], and the causes with
// [errors.Is] and the sentinel errors. Nothing in the package panics on
// input.
package calendar
