// Package pack computes the quarterly account-management pack of the
// portfolio example: one report, from the stores, of how the book of
// business stands on an analysis date and what should change.
//
//	rep, err := pack.Run(ctx, store, pack.DefaultConfig(), pack.DefaultAt)
//	err = rep.WriteText(os.Stdout) // headed sections with aligned tables
//	err = rep.WriteJSON(file)      // the same figures, exact, for other tools
//
// # What it reads
//
// Run reads everything from a [Store], the union of the module's storage
// interfaces (memstore.Store and sqlstore.Store implement it), and writes
// nothing. What no store keeps is the [Config]: the scorecards, the tier
// policy with its hysteresis, the service model of each tier, the
// assignment policy, the RFM scoring and the accounts' budgets.
// [DefaultConfig] is the house configuration, documented field by field;
// [Config.Validate] names the field at fault in every error.
//
// # What it reports
//
// Each section of the [Report] is a plain struct of exact values, money
// as account.Money and shares as decimals, computed with the module's own
// packages:
//
//   - Portfolio: what the stores hold, with the external accounts' revenue
//     and the internal accounts' cost to serve over the value window
//     (never added together);
//   - Hierarchy roll-up: each group's totals over its subsidiaries
//     (account.RollUp);
//   - Top accounts by score: the scores of tiering.Service with their
//     explanations;
//   - Re-tiering: the proposed tiers, with hysteresis against the stored
//     ones (last year's), the share of accounts that would move and the
//     transition matrix (tiering.Plan);
//   - Manager assignment: each manager's load against capacity at the
//     proposed tiers and the handovers, who moves from whom to whom
//     (assign.Accounts);
//   - RFM segments and concentration: segment counts and the Pareto
//     figures of each audience, phrased as "the top 20 of 443 accounts
//     hold 93.0% of revenue" (segmentation.Service);
//   - Service gaps and stakeholder coverage, at the tiers in force
//     (tiering.ServiceModels.Gaps, engagement.Coverage);
//   - Budgets: each budget's consumption, forecast and flag on the last
//     day counted (review.Budget.Status).
//
// The same stores and Config give the same Report, whatever the order the
// stores were filled in, and over memstore or sqlstore alike: every list
// has a documented order and ties are broken by ID.
package pack
