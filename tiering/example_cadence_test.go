package tiering_test

import (
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/tiering"
)

// A cadence counts on the calendar: months clamp to the end of a shorter
// month, and days are calendar days whatever their length in hours.
func ExampleCadence_AddTo() {
	quarterly, err := tiering.ParseCadence("3m")
	if err != nil {
		fmt.Println(err)
		return
	}
	from := time.Date(2025, time.November, 30, 10, 0, 0, 0, time.UTC)
	fmt.Println(quarterly, quarterly.AddTo(from).Format(time.DateTime))
	fmt.Println(tiering.Days(90), tiering.Days(90).AddTo(from).Format(time.DateTime))
	// Output:
	// 3m 2026-02-28 10:00:00
	// 90d 2026-02-28 10:00:00
}
