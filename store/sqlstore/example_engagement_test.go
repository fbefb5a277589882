package sqlstore_test

import (
	"context"
	"fmt"
	"log"
	"time"

	"github.com/keyaccount/keyaccount/engagement"
)

// Survey responses kept in SQLite and read back in the order
// engagement.Satisfaction takes them: by account, then time.
func ExampleStore_Responses() {
	s, remove := openExample()
	defer remove()
	ctx := context.Background()

	q1 := time.Date(2026, 2, 10, 10, 0, 0, 0, time.UTC)
	err := s.AddResponses(ctx,
		engagement.Response{ID: "r-2", Account: "globex", At: q1, Kind: engagement.ResponseNPS, Score: 6},
		engagement.Response{ID: "r-1", Account: "acme", At: q1.AddDate(0, 1, 0), Kind: engagement.ResponseNPS, Score: 10},
		engagement.Response{ID: "r-3", Account: "acme", At: q1, Kind: engagement.ResponseCSAT, Score: 4},
	)
	if err != nil {
		log.Fatal(err)
	}
	for r, err := range s.Responses(ctx, engagement.ResponseFilter{}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(r.Account, r.At.Format(time.DateOnly), r.Kind, r.Score)
	}
	// A second response with a stored ID is refused, and nothing of its batch is kept.
	err = s.AddResponses(ctx,
		engagement.Response{ID: "r-4", Account: "acme", At: q1, Kind: engagement.ResponseNPS, Score: 8},
		engagement.Response{ID: "r-1", Account: "acme", At: q1, Kind: engagement.ResponseNPS, Score: 9},
	)
	fmt.Println(err != nil)
	n := 0
	for _, err := range s.Responses(ctx, engagement.ResponseFilter{Account: "acme", Kind: engagement.ResponseNPS}) {
		if err != nil {
			log.Fatal(err)
		}
		n++
	}
	fmt.Println(n, "NPS response of acme")
	// Output:
	// acme 2026-02-10 csat 4
	// acme 2026-03-10 nps 10
	// globex 2026-02-10 nps 6
	// true
	// 1 NPS response of acme
}
