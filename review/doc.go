// Package review plans and records account reviews: cadences, a stable
// 12-month schedule on a business calendar, versioned account plans, review
// records with action items, budgets, quarterly results and iCalendar
// export.
//
// # Cadence and schedule
//
// (Written by the schedule's author.)
//
// # Plans, reviews and budgets
//
// (Written by the records' author.)
package review
