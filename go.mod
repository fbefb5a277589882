module github.com/keyaccount/keyaccount

go 1.25

require github.com/shopspring/decimal v1.6.0
