// Package assign gives accounts to account managers: one owner for every
// account it can place, within each manager's capacity, by hard rules, with
// the managers' loads balanced and current owners kept where balance allows.
// It is a pure function over plain values: [Accounts] takes the accounts,
// the managers and a [Policy], and returns a [Result]; it changes nothing
// and saves nothing. A [Service] (see the last section) loads them from
// stores and saves the owners.
//
//	models := tiering.ServiceModels{{Tier: 1, Workload: 10}, {Tier: 2, Workload: 4}, {Tier: 3, Workload: 1}}
//	res, err := assign.Accounts(accounts, managers, assign.Policy{
//		Workload:    models.Workload, // what each account costs its manager
//		MatchRegion: true,
//		Continuity:  0.1, // give up to 10% of balance to keep owners
//	})
//	for _, p := range res.Placements {
//		// set the Owner of p.Account to p.Manager, and save it
//	}
//
// # Capacity
//
// Each account costs its manager a number of workload units,
// [Policy.Workload] (nil: one unit each); a tier's service model usually
// sets it, and tiering.ServiceModels.Workload plugs in as it is. A
// manager's load is the sum of the units of the accounts the manager owns,
// and never exceeds [account.Manager.Capacity]: an account that fits
// nowhere is left unplaced, never squeezed in.
//
// # Hard rules
//
// A manager may own an account only if the manager is Active, has room for
// it, serves its audience (internal or external customers), and, as the
// policy asks, covers its region ([Policy.MatchRegion]) and industry
// ([Policy.MatchIndustry]) and has every skill it needs ([Policy.Skills]).
// No manager owns more than [Policy.MaxTier1] tier-1 accounts;
// [Policy.Pins] fix accounts to managers; [Policy.KeepHierarchies] keeps
// each group of accounts (see [account.Hierarchy]) with one manager.
//
// # Balance and continuity
//
// Among the assignments that keep the rules and place every account that
// can be placed, Accounts aims for the smallest largest load-to-capacity
// ratio ([Result.MaxRatio]). [Policy.Continuity] then lets that ratio grow
// by a fraction so that more accounts stay with their current owners, and
// [Policy.MaxHandovers] caps how many accounts owners who could keep them
// lose. Every change of owner is a [Handover] with a [HandoverReason]
// (HandoverNew, HandoverBalance, ...); every account left unplaced is an
// [Unplaced] with an [UnplacedReason] (UnplacedNoMatch, UnplacedNoRoom,
// ...) and a sentence for people.
//
// # Guarantees
//
//   - Every account passed in appears once in the result, placed or
//     unplaced; no manager is loaded beyond capacity; no hard rule is
//     broken.
//   - The result depends only on the content of the input, never on the
//     order of accounts, managers or pins: ties are broken by ID.
//   - [Result.LowerBound] is a ratio no assignment can beat, so
//     MaxRatio ÷ LowerBound − 1 bounds how far the balance is from the
//     best possible. The search is a set of greedy passes, not an exact
//     solver; on many small accounts it comes within a fraction of a
//     percent of the bound (100,000 accounts and 500 managers take a
//     fraction of a second; see BENCHMARKS.md).
//   - Accounts is safe for concurrent use if the policy's functions are.
//
// # Errors
//
// Input that cannot be trusted (a policy that fails [Policy.Validate], a
// manager that fails [account.Manager.Validate], a repeated or missing ID,
// a negative workload, a pin of an unknown account, ...) returns an error
// and no result. Every problem is reported, each an [*account.FieldError]
// naming the record ("Policy", "Manager", "Account"), its ID, the field and
// the value, and wrapping [ErrInvalid] or a more specific sentinel that
// matches it ([ErrDuplicateAccount], [ErrUnknownAccount],
// [ErrDuplicateManager], [ErrUnknownManager]). The errors stay bounded: at
// most 100 problems, then a count of the rest. Data that merely cannot be
// served (a region nobody covers, too little capacity) is not an error: it
// shows in [Result.Unplaced].
//
// The enumerations ([HandoverReason], [UnplacedReason]) print their names
// and marshal to and from them as text and JSON.
//
// # Service
//
// A [Service] is the thin shell over [Accounts] for accounts and managers
// kept in stores: [NewService] takes an [account.AccountStore], a
// [ManagerLister] (any store of the module) and the [Policy], and each
// call takes a context. [Service.Assign] reads every stored account and
// manager and returns an [Assignment]: the [Result] of Accounts for them,
// the dry run. [Service.Apply] stores its owners: each account whose owner
// changes (a handover, or an unplaced account that loses its owner) is
// written with the version it was read with.
//
//	svc, err := assign.NewService(store, store, policy)
//	a, err := svc.Assign(ctx)
//	// a.Result.Handovers: who would change owner, and why
//	out, err := svc.Apply(ctx, a)
//	for _, c := range out.Conflicts {
//		// c.Account changed since Assign read it, and was not written
//	}
//
// Apply keeps going past a conflict: an account changed or deleted since
// it was read is reported in [account.Applied.Conflicts] with its ID and
// an error wrapping [account.ErrConflict] (or [account.ErrNotFound]), and
// every other account is written, in ascending ID order. Applying an
// Assignment twice writes nothing the second time. To assign owners at
// the tiers of a re-tiering, apply the re-tiering first (package tiering's
// Service), then assign: the workload follows the stored tiers.
package assign
