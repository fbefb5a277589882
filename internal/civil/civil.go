// Package civil converts between dates of the proleptic Gregorian calendar
// and day numbers, the count of days since 1970-01-01, without going
// through time.Time (no time zone, no allocation, any year).
//
//	civil.Days(2024, 2, 29) // 19782
//	civil.Date(19782)       // 2024, 2, 29
//
// # Algorithms
//
// [Days] and [Date] are Howard Hinnant's days_from_civil and
// civil_from_days ("chrono-Compatible Low-Level Date Algorithms"): they
// count in 400-year eras of 146097 days from a year that starts on
// 1 March, so that the leap day is the last day of the year. Divisions
// round towards minus infinity ([FloorDiv]), so dates before 1970, and
// before year 1, are as exact as those after.
//
// The package is internal: its API serves calendar and segmentation and
// may change with them.
package civil

// Days returns the day number of the date y-m-d: the days from 1970-01-01
// to it, negative before. m is 1 to 12 and d 1 to the length of the month;
// a day beyond the end of the month counts on into the next.
func Days(y, m, d int) int64 {
	yy, mm := int64(y), int64(m)
	if mm <= 2 {
		yy--
	}
	era := FloorDiv(yy, 400)
	yoe := yy - era*400                // year of era, 0 to 399
	mp := (mm + 9) % 12                // month from March, 0 to 11
	doy := (153*mp+2)/5 + int64(d) - 1 // day of the year from 1 March
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468 // 719468: days from 0000-03-01 to 1970-01-01
}

// Date returns the date of day number days: the inverse of [Days]. m is 1
// to 12 and d 1 to 31.
func Date(days int64) (y, m, d int) {
	z := days + 719468
	era := FloorDiv(z, 146097)
	doe := z - era*146097                                  // day of era, 0 to 146096
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // year of era, 0 to 399
	yy := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100) // day of the year from 1 March
	mp := (5*doy + 2) / 153                  // month from March, 0 to 11
	dd := doy - (153*mp+2)/5 + 1
	mm := mp + 3
	if mm > 12 {
		mm -= 12
	}
	if mm <= 2 {
		yy++
	}
	return int(yy), int(mm), int(dd)
}

// FloorDiv returns a/b rounded towards minus infinity (Go's / rounds
// towards zero): the day, week or month that an instant or day number
// before the epoch falls in. b must not be 0.
func FloorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
