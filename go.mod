module github.com/keyaccount/keyaccount

go 1.25

require (
	github.com/emersion/go-ical v0.0.0-20250329121855-f41e73efc392
	github.com/google/go-cmp v0.7.0
	github.com/rickar/cal/v2 v2.1.32
	github.com/shopspring/decimal v1.6.0
	pgregory.net/rapid v1.3.0
)

require github.com/teambition/rrule-go v1.8.2 // indirect
