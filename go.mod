module github.com/keyaccount/keyaccount

go 1.25

require github.com/shopspring/decimal v1.6.0

require (
	github.com/google/go-cmp v0.7.0 // indirect
	pgregory.net/rapid v1.3.0 // indirect
)
